package org.svdd.cluster;

/**
 * Refuses, when a node joins, a cluster whose nodes serve another task or model: their particles, denoisers and reward
 * pools would mix two models in one job (another vocabulary, length or set of weights) without a word. Pekko's
 * join-time configuration check compares {@value #KEY}, which {@code svdd serve} sets to "TASK model DIGEST" (the
 * model files' content digest); a node that does not say (an embedded engine, a test) is not compared.
 */
public final class ServedModelCheck extends SameSettingCheck {
  public static final String KEY = "svdd.cluster.model";

  public ServedModelCheck() {
    super(KEY);
  }

  @Override
  protected String whenUnset(boolean theirs) {
    return null;
  }

  @Override
  protected String refusal(String theirs, String mine) {
    return String.format("svdd nodes serve different models: the other node serves %s, this node %s; start every node "
        + "of a cluster with the same --task and --model (the same model files)", theirs, mine);
  }
}
