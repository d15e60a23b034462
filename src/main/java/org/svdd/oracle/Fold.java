package org.svdd.oracle;

/** A minimum free energy fold: dot-bracket structure and its free energy in kcal/mol. */
public record Fold(String structure, double mfe) {}
