/**
 * The networks: a dilated residual CNN for masked discrete diffusion built and trained with DJL (MDLM
 * loss), saving and loading in DJL format, loaders for users' TorchScript and ONNX models, and the
 * {@link org.svdd.core.diffusion.Denoiser} adapter that makes outputs independent of batch shape.
 * Imports core and DJL; no NDArray leaves this package.
 */
package org.svdd.model;
