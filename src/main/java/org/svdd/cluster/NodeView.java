package org.svdd.cluster;

import java.util.List;

/**
 * A cluster member as one node sees it, for people running the cluster.
 *
 * @param address its cluster address as {@code --seed-nodes} takes it, host:port
 * @param roles its svdd roles ({@link Roles#ALL}'s), in that order
 * @param rewards the rewards a reward node started with {@code --reward} scores; empty for every reward of the task
 * @param status its membership status: Joining, WeaklyUp, Up, Leaving, Exiting, Down or Removed
 * @param reachable false while the node that sees it cannot reach it
 * @param self whether it is the node that sees it
 */
public record NodeView(String address, List<String> roles, List<String> rewards, String status, boolean reachable,
    boolean self) {}
