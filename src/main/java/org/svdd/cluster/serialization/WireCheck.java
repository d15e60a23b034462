package org.svdd.cluster.serialization;

import org.svdd.cluster.SameSettingCheck;

/**
 * Refuses, when a node joins, a cluster of nodes whose messages differ ({@link WireFingerprint}): Pekko's join-time
 * configuration check (both the joining node and the node it joins run it) compares {@value #KEY}, which every svdd
 * node sets to its build's fingerprint. The node of the other build shuts down instead of joining.
 */
public final class WireCheck extends SameSettingCheck {
  public static final String KEY = "svdd.cluster.wire";

  public WireCheck() {
    super(KEY);
  }

  @Override
  protected String whenUnset(boolean theirs) {
    return theirs ? "none (an svdd build older than this check)" : "none";
  }

  @Override
  protected String refusal(String theirs, String mine) {
    return String.format("svdd builds differ: the other node's messages are %s, this node's %s; start every node of a "
        + "cluster from one build (stop them all and start them again from the new one)", theirs, mine);
  }
}
