package org.svdd.cluster;

import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.cluster.ClusterLogMarker;
import org.apache.pekko.event.EventStream;
import org.apache.pekko.event.LogMarker;
import org.apache.pekko.event.slf4j.Slf4jLoggingFilter;

/**
 * Pekko's log filter (slf4j's levels) without one warning: "Couldn't join seed nodes after [n] attempts", which Pekko
 * logs at every round of asking the seeds from the second on. A node other than the first seed asks every
 * {@code svdd.cluster.ask-seeds-again} (2 s, see {@link SeedJoin}), so a worker started while its seeds are down would
 * log it every 2 s; {@code svdd serve} says instead, now and then, that the node has not joined yet.
 */
public final class JoinWarningsFilter extends Slf4jLoggingFilter {
  private static final String JOIN_FAILED = ClusterLogMarker.joinFailed().name();

  public JoinWarningsFilter(ActorSystem.Settings settings, EventStream eventStream) {
    super(settings, eventStream);
  }

  @Override
  public boolean isWarningEnabled(Class<?> logClass, String logSource, LogMarker marker) {
    return (marker == null || !JOIN_FAILED.equals(marker.name())) && super.isWarningEnabled(logClass, logSource, marker);
  }
}
