/**
 * Diffusion processes over states: the forward noise, the pre-trained reverse step given a denoiser's
 * prediction, and the clean-sample estimate x̂_0. {@link org.svdd.core.diffusion.MaskedDiffusion} is
 * absorbing-state masked discrete diffusion (MDLM); a Gaussian process for images implements the same
 * {@link org.svdd.core.diffusion.DiffusionProcess} and {@link org.svdd.core.diffusion.Denoiser} ports.
 */
package org.svdd.core.diffusion;
