/** Keyed random streams: every draw is a function of (job seed, purpose, particle, step, candidate). */
package org.svdd.core.random;
