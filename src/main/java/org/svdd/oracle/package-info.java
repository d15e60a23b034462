/**
 * Rewards behind the {@link org.svdd.core.reward.RewardOracle} port: external programs run as pools of
 * long-lived processes (ViennaRNA RNAfold), pure parsers of their output, and decorators that
 * deduplicate and cache. Imports core only, never the actor system or the tensor engine.
 */
package org.svdd.oracle;
