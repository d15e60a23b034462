package org.svdd.cluster.serialization;

import com.typesafe.config.Config;
import java.util.List;
import org.apache.pekko.cluster.ConfigValidation;
import org.apache.pekko.cluster.Invalid;
import org.apache.pekko.cluster.JoinConfigCompatChecker;
import org.apache.pekko.cluster.Valid;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Refuses, when a node joins, a cluster of nodes whose messages differ ({@link WireFingerprint}): Pekko's join-time
 * configuration check (both the joining node and the node it joins run it) compares {@value #KEY}, which every svdd
 * node sets to its build's fingerprint. The node of the other build shuts down instead of joining.
 */
public final class WireCheck extends JoinConfigCompatChecker {
  public static final String KEY = "svdd.cluster.wire";

  @Override
  public Seq<String> requiredKeys() {
    return CollectionConverters.asScala(List.of(KEY)).toList();
  }

  @Override
  public ConfigValidation check(Config toCheck, Config actualConfig) {
    String mine = actualConfig.hasPath(KEY) ? actualConfig.getString(KEY) : "none";
    String theirs = toCheck.hasPath(KEY) ? toCheck.getString(KEY) : "none (an svdd build older than this check)";
    if (theirs.equals(mine)) {
      return Valid.getInstance();
    }
    return new Invalid(CollectionConverters.asScala(List.of(String.format(
        "svdd builds differ: the other node's messages are %s, this node's %s; start every node of a cluster from one "
            + "build (stop them all and start them again from the new one)", theirs, mine))).toList());
  }
}
