/** Evaluation figures for a set of designs: reward quantiles, diversity, k-mer statistics. */
package org.svdd.core.metrics;
