package org.svdd.cluster;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
 * Owns one model replica and batches denoise rows from many particles (and jobs) into forward passes,
 * as the {@link BatchPolicy} says; a request's rows may span two passes. After each pass it sends
 * itself a {@code Drain}, which queues behind the requests that arrived during the pass, so that a busy
 * worker runs the next batch as soon as it has one (continuous batching). Runs on its own dispatcher
 * because a forward pass blocks. A failed pass fails every request it touched; none is left hanging.
 * Its queue is bounded: a request that would take it past {@code maxQueuedRows} is answered
 * {@link Busy}, and its particle asks again after a back-off (a request larger than the bound is taken
 * when the queue is empty).
 */
public final class DenoiseWorker extends AbstractBehavior<DenoiseWorker.Command> {

  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "denoise-worker");

  public interface Command {}

  /** Run the network on these inputs and reply with one output row per input, under the same id. */
  public record Denoise(long requestId, List<DenoiseInput> inputs, ActorRef<Result> replyTo)
      implements Command, ClusterMessage {
    public Denoise {
      inputs = List.copyOf(inputs);
    }
  }

  public sealed interface Result permits Denoised, DenoiseFailed, Busy {}

  public record Denoised(long requestId, float[][] outputs) implements Result, ClusterMessage {}

  public record DenoiseFailed(long requestId, String reason) implements Result, ClusterMessage {}

  /** The worker's queue is full: ask again later, here or elsewhere. */
  public record Busy(long requestId) implements Result, ClusterMessage {}

  /** The batch policy's delay ran out. */
  private enum Flush implements Command {
    INSTANCE
  }

  /** A pass just ended: run what queued up meanwhile. */
  private enum Drain implements Command {
    INSTANCE
  }

  /** A request being answered, possibly over several passes. */
  private static final class Pending {
    final Denoise request;
    final long arrivedNanos;
    final float[][] outputs;
    int answered;
    boolean failed;

    Pending(Denoise request, long arrivedNanos) {
      this.request = request;
      this.arrivedNanos = arrivedNanos;
      this.outputs = new float[request.inputs().size()][];
    }
  }

  private record Row(Pending owner, int index) {}

  public static Behavior<Command> create(Supplier<Denoiser> denoiserFactory, BatchPolicy policy, WorkerStats stats) {
    return create(denoiserFactory, policy, EngineSettings.DEFAULT_MAX_QUEUED_ROWS, stats);
  }

  public static Behavior<Command> create(Supplier<Denoiser> denoiserFactory, BatchPolicy policy, int maxQueuedRows,
      WorkerStats stats) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new DenoiseWorker(context, timers, denoiserFactory.get(), policy, maxQueuedRows, stats)));
  }

  private final TimerScheduler<Command> timers;
  private final Denoiser denoiser;
  private final BatchPolicy policy;
  private final int maxQueuedRows;
  private final WorkerStats stats;
  private final ArrayDeque<Row> rows = new ArrayDeque<>();
  private boolean warm;
  private long lastPassEndNanos = Long.MIN_VALUE / 2;
  private boolean drainPending;
  private final String name;
  private final java.util.concurrent.atomic.AtomicInteger queueGauge;

  private DenoiseWorker(ActorContext<Command> context, TimerScheduler<Command> timers, Denoiser denoiser,
      BatchPolicy policy, int maxQueuedRows, WorkerStats stats) {
    super(context);
    this.timers = timers;
    this.denoiser = denoiser;
    this.policy = policy;
    this.maxQueuedRows = maxQueuedRows;
    this.stats = stats;
    this.name = context.getSelf().path().name();
    this.queueGauge = stats.queueGauge(name);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Denoise.class, this::onDenoise)
        .onMessageEquals(Flush.INSTANCE, this::runDue)
        .onMessageEquals(Drain.INSTANCE, () -> {
          drainPending = false;
          return runDue();
        })
        .onSignal(PostStop.class, signal -> {
          denoiser.close();
          return this;
        })
        .onSignal(org.apache.pekko.actor.typed.PreRestart.class, signal -> {
          // restarted by its supervisor after a throw: every waiting request is asked again
          rows.stream().map(Row::owner).filter(p -> !p.failed).distinct()
              .forEach(p -> p.request.replyTo().tell(new Busy(p.request.requestId())));
          denoiser.close();
          return this;
        })
        .build();
  }

  private Behavior<Command> onDenoise(Denoise request) {
    if (request.inputs().isEmpty()) {
      request.replyTo().tell(new Denoised(request.requestId(), new float[0][]));
      return this;
    }
    if (!rows.isEmpty() && rows.size() + request.inputs().size() > maxQueuedRows) {
      stats.recordBusy(name);
      request.replyTo().tell(new Busy(request.requestId()));
      return this;
    }
    Pending pending = new Pending(request, System.nanoTime());
    for (int i = 0; i < request.inputs().size(); i++) {
      rows.add(new Row(pending, i));
    }
    queueGauge.set(rows.size());
    return runDue();
  }

  private Behavior<Command> runDue() {
    int due;
    while ((due = policy.rowsToRun(rows.size(), oldestWait(), warm)) > 0) {
      runPass(due);
      warm = true;
    }
    if (rows.isEmpty()) {
      warm = false;
      timers.cancel(Flush.INSTANCE);
    } else if (!timers.isTimerActive(Flush.INSTANCE)) {
      timers.startSingleTimer(Flush.INSTANCE, Duration.ofNanos(Math.max(0, policy.maxDelayNanos() - oldestWait())));
    }
    return this;
  }

  /**
   * How long the oldest queued row has waited for a pass it could join: since it arrived, or since the
   * last pass ended if it arrived during that pass (waiting behind a running pass is not starvation).
   */
  private long oldestWait() {
    return rows.isEmpty() ? 0 : System.nanoTime() - Math.max(rows.peek().owner().arrivedNanos, lastPassEndNanos);
  }

  private void runPass(int count) {
    List<Row> batch = new ArrayList<>(count);
    List<DenoiseInput> inputs = new ArrayList<>(count);
    while (batch.size() < count && !rows.isEmpty()) {
      Row row = rows.poll();
      if (!row.owner().failed) {
        batch.add(row);
        inputs.add(row.owner().request.inputs().get(row.index()));
      }
    }
    queueGauge.set(rows.size());
    if (!batch.isEmpty()) {
      forward(batch, inputs);
      lastPassEndNanos = System.nanoTime();
    }
    if (!drainPending) {
      drainPending = true;
      getContext().getSelf().tell(Drain.INSTANCE);
    }
  }

  private void forward(List<Row> batch, List<DenoiseInput> inputs) {
    Set<Pending> touched = new LinkedHashSet<>();
    batch.forEach(row -> touched.add(row.owner()));
    float[][] outputs;
    try {
      outputs = denoiser.predict(inputs);
      if (outputs.length != inputs.size()) {
        throw new IllegalStateException("denoiser returned " + outputs.length + " rows for " + inputs.size());
      }
    } catch (RuntimeException e) {
      getContext().getLog().error("denoise pass of {} rows failed", inputs.size(), e);
      for (Pending p : touched) {
        p.failed = true;
        p.request.replyTo().tell(new DenoiseFailed(p.request.requestId(), "denoiser failed: " + e.getMessage()));
      }
      return;
    }
    int computed = (inputs.size() + policy.quantum() - 1) / policy.quantum() * policy.quantum();
    stats.recordBatch(name, inputs.size(), computed);
    for (int i = 0; i < batch.size(); i++) {
      Row row = batch.get(i);
      row.owner().outputs[row.index()] = outputs[i];
      row.owner().answered++;
    }
    for (Pending p : touched) {
      if (p.answered == p.outputs.length) {
        p.request.replyTo().tell(new Denoised(p.request.requestId(), p.outputs));
      }
    }
  }
}
