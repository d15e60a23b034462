/** The {@code trna} task: tRNA design over A, C, G, U scored by RNAfold's minimum free energy. */
package org.svdd.task.rna;
