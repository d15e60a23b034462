/** The reward port: what an external oracle or learned reward model offers the sampler. */
package org.svdd.core.reward;
