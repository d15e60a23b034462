/**
 * Image design over Gaussian diffusion (the {@code fashion} task, in progress): Fashion-MNIST as Debian
 * ships it ({@code dataset-fashion-mnist}), read from its IDX files.
 */
package org.svdd.task.image;
