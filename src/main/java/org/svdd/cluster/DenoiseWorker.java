package org.svdd.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.Denoiser;

/**
 * Owns one model replica and batches denoise requests from many particles (and jobs) into forward
 * passes: it runs its queue at the batch policy's size or delay. Runs on its own dispatcher because a
 * forward pass blocks. On failure every request of the batch is answered with the failure, none is left
 * hanging. Outputs are checked one to one against inputs.
 */
public final class DenoiseWorker extends AbstractBehavior<DenoiseWorker.Command> {

  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "denoise-worker");

  public interface Command {}

  /** Run the network on these inputs and reply with one output row per input. */
  public record Denoise(List<DenoiseInput> inputs, ActorRef<Result> replyTo) implements Command, ClusterMessage {
    public Denoise {
      inputs = List.copyOf(inputs);
    }
  }

  public sealed interface Result permits Denoised, DenoiseFailed {}

  public record Denoised(float[][] outputs) implements Result, ClusterMessage {}

  public record DenoiseFailed(String reason) implements Result, ClusterMessage {}

  private enum Flush implements Command {
    INSTANCE
  }

  private record Queued(Denoise request, long arrivedNanos) {}

  public static Behavior<Command> create(Supplier<Denoiser> denoiserFactory, BatchPolicy policy, WorkerStats stats) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new DenoiseWorker(context, timers, denoiserFactory.get(), policy, stats)));
  }

  private final TimerScheduler<Command> timers;
  private final Denoiser denoiser;
  private final BatchPolicy policy;
  private final WorkerStats stats;
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private int queuedRows;

  private DenoiseWorker(ActorContext<Command> context, TimerScheduler<Command> timers, Denoiser denoiser,
      BatchPolicy policy, WorkerStats stats) {
    super(context);
    this.timers = timers;
    this.denoiser = denoiser;
    this.policy = policy;
    this.stats = stats;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Denoise.class, this::onDenoise)
        .onMessageEquals(Flush.INSTANCE, this::onFlush)
        .onSignal(PostStop.class, signal -> {
          denoiser.close();
          return this;
        })
        .build();
  }

  private Behavior<Command> onDenoise(Denoise request) {
    if (request.inputs().isEmpty()) {
      request.replyTo().tell(new Denoised(new float[0][]));
      return this;
    }
    queue.add(new Queued(request, System.nanoTime()));
    queuedRows += request.inputs().size();
    return onFlush();
  }

  private Behavior<Command> onFlush() {
    while (!queue.isEmpty() && policy.flushNow(queuedRows, System.nanoTime() - queue.peek().arrivedNanos())) {
      runBatch();
    }
    if (queue.isEmpty()) {
      timers.cancel(Flush.INSTANCE);
    } else if (!timers.isTimerActive(Flush.INSTANCE)) {
      long wait = policy.maxDelayNanos() - (System.nanoTime() - queue.peek().arrivedNanos());
      timers.startSingleTimer(Flush.INSTANCE, java.time.Duration.ofNanos(Math.max(0, wait)));
    }
    return this;
  }

  private void runBatch() {
    List<Denoise> batch = new ArrayList<>();
    List<DenoiseInput> inputs = new ArrayList<>();
    while (!queue.isEmpty()
        && (batch.isEmpty() || inputs.size() + queue.peek().request().inputs().size() <= policy.maxRows())) {
      Denoise next = queue.poll().request();
      batch.add(next);
      inputs.addAll(next.inputs());
    }
    queuedRows -= inputs.size();
    float[][] outputs;
    try {
      outputs = denoiser.predict(inputs);
      if (outputs.length != inputs.size()) {
        throw new IllegalStateException("denoiser returned " + outputs.length + " rows for " + inputs.size());
      }
    } catch (RuntimeException e) {
      getContext().getLog().error("denoise batch of {} rows failed", inputs.size(), e);
      String reason = "denoiser failed: " + e.getMessage();
      batch.forEach(r -> r.replyTo().tell(new DenoiseFailed(reason)));
      return;
    }
    stats.recordBatch(inputs.size(), Math.max(policy.maxRows(), inputs.size()));
    int offset = 0;
    for (Denoise request : batch) {
      float[][] mine = new float[request.inputs().size()][];
      System.arraycopy(outputs, offset, mine, 0, mine.length);
      offset += mine.length;
      request.replyTo().tell(new Denoised(mine));
    }
  }
}
