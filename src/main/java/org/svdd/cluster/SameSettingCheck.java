package org.svdd.cluster;

import com.typesafe.config.Config;
import java.util.List;
import org.apache.pekko.cluster.ConfigValidation;
import org.apache.pekko.cluster.Invalid;
import org.apache.pekko.cluster.JoinConfigCompatChecker;
import org.apache.pekko.cluster.Valid;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A join-time check (Pekko runs it on the joining node and on the node it joins) that one setting is the same on
 * both: a node whose value differs is refused, with a line naming both values.
 */
public abstract class SameSettingCheck extends JoinConfigCompatChecker {
  private final String key;

  protected SameSettingCheck(String key) {
    this.key = key;
  }

  /** What a node that does not set the key counts as; null: it is not compared. */
  protected abstract String whenUnset(boolean theirs);

  /** Why a node whose value is {@code theirs} cannot join one whose value is {@code mine}. */
  protected abstract String refusal(String theirs, String mine);

  @Override
  public Seq<String> requiredKeys() {
    return CollectionConverters.asScala(List.of(key)).toList();
  }

  @Override
  public ConfigValidation check(Config toCheck, Config actualConfig) {
    String mine = actualConfig.hasPath(key) ? actualConfig.getString(key) : whenUnset(false);
    String theirs = toCheck.hasPath(key) ? toCheck.getString(key) : whenUnset(true);
    if (mine == null || theirs == null || theirs.equals(mine)) {
      return Valid.getInstance();
    }
    return new Invalid(CollectionConverters.asScala(List.of(refusal(theirs, mine))).toList());
  }
}
