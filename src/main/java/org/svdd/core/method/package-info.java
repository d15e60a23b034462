/**
 * The sampling methods as pure step functions: SVDD and its baselines (pre-trained, Best-of-N, SMC),
 * value estimators, and a sequential reference sampler that drives them with direct calls. The actor
 * engine drives the same {@link org.svdd.core.method.ParticleStep} machines with messages.
 */
package org.svdd.core.method;
