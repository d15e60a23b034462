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
 * Refuses, when a node joins, a cluster whose nodes serve another task or model: their particles, denoisers and reward
 * pools would mix two models in one job (another vocabulary, length or set of weights) without a word. Pekko's
 * join-time configuration check compares {@value #KEY}, which {@code svdd serve} sets to "TASK model DIGEST" (the
 * model files' content digest); a node that does not say (an embedded engine, a test) is not compared.
 */
public final class ServedModelCheck extends JoinConfigCompatChecker {
  public static final String KEY = "svdd.cluster.model";

  @Override
  public Seq<String> requiredKeys() {
    return CollectionConverters.asScala(List.of(KEY)).toList();
  }

  @Override
  public ConfigValidation check(Config toCheck, Config actualConfig) {
    String mine = actualConfig.hasPath(KEY) ? actualConfig.getString(KEY) : "";
    String theirs = toCheck.hasPath(KEY) ? toCheck.getString(KEY) : "";
    if (mine.isEmpty() || theirs.isEmpty() || theirs.equals(mine)) {
      return Valid.getInstance();
    }
    return new Invalid(CollectionConverters.asScala(List.of(String.format(
        "svdd nodes serve different models: the other node serves %s, this node %s; start every node of a cluster "
            + "with the same --task and --model (the same model files)", theirs, mine))).toList());
  }
}
