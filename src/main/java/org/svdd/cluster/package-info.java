/**
 * The actors: job manager, one coordinator per job, one actor per particle, and worker pools for the
 * denoiser ("GPU workers") and the reward oracles. Actors are thin shells over the pure step machines
 * in {@code core}; they reach networks and oracles only through the core ports. Messages carry int[] and
 * float[] data, never tensors.
 */
package org.svdd.cluster;
