/**
 * The {@code molecules} task: SELFIES (implemented here from its grammar) over CDK molecules, canonical
 * SMILES, the training corpus from Debian's ChEBI, NCI and WEHI sets, and its rewards.
 */
package org.svdd.task.molecule;
