package org.svdd.cluster;

import java.util.List;

/** The cluster roles a node can hold ({@code svdd.roles}); each decides what the node runs. */
public final class Roles {
  public static final String DENOISER = "denoiser";
  public static final String REWARD = "reward";
  public static final String COORDINATOR = "coordinator";
  public static final String API = "api";
  /**
   * How the cluster role of a reward node started for one reward alone begins ({@code scores:vina-abl}), so that any
   * node can tell from the membership which rewards the cluster scores.
   */
  public static final String SCORES_ONLY = "scores:";

  /** Every role; a node holding them all is the laptop mode. */
  public static final List<String> ALL = List.of(API, COORDINATOR, DENOISER, REWARD);

  private Roles() {}
}
