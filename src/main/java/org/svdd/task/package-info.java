/**
 * Named design tasks: an alphabet, a bundled pre-trained model, a reward and their defaults (e.g.
 * {@code trna} with {@code rna-mfe}), plus reading the real sequence data those models are trained on.
 */
package org.svdd.task;
