/**
 * Named design tasks, listed in {@link org.svdd.task.TaskRegistry}: each is a {@link
 * org.svdd.task.DesignTask} with its symbols, bundled pre-trained model, rewards, data preparation and
 * the way its token states read as designs. {@code rna} holds tRNA design with RNAfold; {@code molecule}
 * holds small molecules over SELFIES with RDKit and docking oracles. May import core, model and oracle.
 */
package org.svdd.task;
