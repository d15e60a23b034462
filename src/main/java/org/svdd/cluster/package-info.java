/**
 * The actors: job manager, one coordinator per job, one actor per particle, and worker pools for the
 * denoiser ("GPU workers") and the reward oracles. Actors are thin shells over the pure step machines
 * in {@code core}; they reach networks and oracles only through the core ports. Messages carry int[] and
 * float[] data, never tensors.
 *
 * <p>{@link org.svdd.cluster.SamplingEngine} is a node as its callers hold it (start, join, submit, cancel); it is
 * built from {@link org.svdd.cluster.NodeDeps}, and its root actor, {@code NodeGuardian}, starts what the node's
 * {@link org.svdd.cluster.Roles} ask for.
 */
package org.svdd.cluster;
