package org.svdd.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * as the {@link BatchPolicy} says; a request's rows may span two passes. A pass is chosen on a
 * {@code Drain} the worker sends itself (after a request, and after each pass), which queues behind the
 * requests already in its mailbox: every waiting request is queued before the pass is chosen, and a
 * busy worker runs the next batch as soon as it has one (continuous batching). Jobs take turns row by
 * row ({@link FairQueue}), so a small job's rows go into the next pass however many a large job has
 * queued. Runs on a thread of its own because a forward pass blocks. A failed pass fails every request
 * it touched; none is left hanging. A job that ends withdraws its queued rows ({@link Withdraw}). Its
 * queue is bounded: a request that would take it past {@code maxQueuedRows} while its job holds its share
 * of the bound is answered {@link Busy}, and its particle asks again after a back-off (a request larger
 * than the bound is taken when the queue is empty).
 */
public final class DenoiseWorker extends AbstractBehavior<DenoiseWorker.Command> {

  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "denoise-worker");

  public interface Command {}

  /**
   * Run the network on these inputs and reply with one output row per input, under the same id. The
   * {@code job} names whose share of the worker the rows take (jobs share every pass equally);
   * {@code jobRows}, the job's N·M ({@link org.svdd.core.method.SamplingPlan#denoiseRows}), the
   * micro-batch its rows run in ({@link Denoiser#microBatchFor}).
   */
  public record Denoise(long requestId, String job, int jobRows, List<DenoiseInput> inputs, ActorRef<Result> replyTo)
      implements Command, ClusterMessage {
    public Denoise {
      inputs = List.copyOf(inputs);
      if (jobRows < 1) {
        throw new IllegalArgumentException("jobRows must be at least 1, got " + jobRows);
      }
    }

    /** A request of a job that runs in the denoiser's largest micro-batch. */
    public Denoise(long requestId, String job, List<DenoiseInput> inputs, ActorRef<Result> replyTo) {
      this(requestId, job, Integer.MAX_VALUE, inputs, replyTo);
    }

    /** A request of no job in particular (all such requests share one turn). */
    public Denoise(long requestId, List<DenoiseInput> inputs, ActorRef<Result> replyTo) {
      this(requestId, "", inputs, replyTo);
    }
  }

  /**
   * Job {@code job} ended: its queued rows are dropped unanswered (a pass running them finishes), so a cancelled
   * job's rows take no place in the passes of the jobs still running; a request of it that comes after is answered
   * {@link Busy} for a while ({@link RecentlyEnded}), not run.
   */
  public record Withdraw(String job) implements Command, ClusterMessage {}

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
  private final FairQueue<Row> rows = new FairQueue<>();
  private final RecentlyEnded recentlyEnded = new RecentlyEnded();
  private boolean warm;
  private long lastPassEndNanos = Long.MIN_VALUE / 2;
  private final ArrivalRate arrivals = new ArrivalRate();
  private static final long RECHECK_NANOS = 1_000_000;
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
    queueGauge.set(0); // a restarted worker holds nothing
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Denoise.class, this::onDenoise)
        .onMessage(Withdraw.class, ended -> {
          recentlyEnded.add(ended.job());
          if (!ended.job().isEmpty() && rows.remove(ended.job()) > 0) {
            queueGauge.set(rows.size());
          }
          return this;
        })
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
          rows.all().map(Row::owner).filter(p -> !p.failed).distinct()
              .forEach(p -> p.request.replyTo().tell(new Busy(p.request.requestId())));
          denoiser.close();
          return this;
        })
        .build();
  }

  private Behavior<Command> onDenoise(Denoise request) {
    if (recentlyEnded.contains(request.job())) {
      request.replyTo().tell(new Busy(request.requestId())); // late: its job ended, its particle stopped
      return this;
    }
    if (request.inputs().isEmpty()) {
      request.replyTo().tell(new Denoised(request.requestId(), new float[0][]));
      return this;
    }
    if (!rows.isEmpty() && overShare(request)) {
      stats.recordBusy(name);
      request.replyTo().tell(new Busy(request.requestId()));
      return this;
    }
    Pending pending = new Pending(request, System.nanoTime());
    arrivals.note(pending.arrivedNanos, request.inputs().size());
    for (int i = 0; i < request.inputs().size(); i++) {
      rows.add(request.job(), new Row(pending, i));
    }
    queueGauge.set(rows.size());
    drainSoon();
    return this;
  }

  /**
   * Chooses the next pass once the requests already in the mailbox are queued, so that every job
   * waiting is seen: a pass is never filled from one job's burst while another's request waits behind it.
   */
  private void drainSoon() {
    if (!drainPending) {
      drainPending = true;
      getContext().getSelf().tell(Drain.INSTANCE);
    }
  }

  /**
   * Whether taking the request would pass the queue bound while its job already holds its share of it
   * (the bound over the jobs queued here): a large job meets back-pressure, a small one still gets in.
   */
  private boolean overShare(Denoise request) {
    int n = request.inputs().size();
    if (rows.size() + n <= maxQueuedRows) {
      return false;
    }
    int jobs = rows.keys() + (rows.size(request.job()) == 0 ? 1 : 0);
    return rows.size(request.job()) + n > maxQueuedRows / jobs;
  }

  /** Runs one pass if one is due (the next is chosen after a drain); otherwise waits for rows or the delay. */
  private Behavior<Command> runDue() {
    int due = policy.rowsToRun(rows.size(), oldestWait(), warm, arrivals.nanosPerRow(System.nanoTime()));
    if (due > 0) {
      runPass(due);
      warm = true;
      return this;
    }
    if (rows.isEmpty()) {
      warm = false;
      timers.cancel(Flush.INSTANCE);
    } else if (!timers.isTimerActive(Flush.INSTANCE)) {
      // looked at again within a millisecond: as the silence grows, company becomes unlikely
      long left = Math.max(0, policy.maxDelayNanos() - oldestWait());
      timers.startSingleTimer(Flush.INSTANCE, Duration.ofNanos(Math.min(left, RECHECK_NANOS)));
    }
    return this;
  }

  /**
   * How long the oldest queued row has waited for a pass it could join: since it arrived, or since the
   * last pass ended if it arrived during that pass (waiting behind a running pass is not starvation).
   */
  private long oldestWait() {
    if (rows.isEmpty()) {
      return 0;
    }
    long oldest = rows.heads().mapToLong(row -> row.owner().arrivedNanos).min().orElseThrow();
    return System.nanoTime() - Math.max(oldest, lastPassEndNanos);
  }

  private void runPass(int count) {
    List<Row> batch = new ArrayList<>(count);
    while (batch.size() < count && !rows.isEmpty()) {
      Row row = rows.poll();
      if (!row.owner().failed) {
        batch.add(row);
      }
    }
    queueGauge.set(rows.size());
    if (!batch.isEmpty()) {
      forward(batch);
      lastPassEndNanos = System.nanoTime();
    }
    drainSoon();
  }

  /**
   * Runs a pass: one forward call per micro-batch shape among its rows' jobs (usually one). If the
   * denoiser throws, every request the pass touched fails.
   */
  private void forward(List<Row> batch) {
    Set<Pending> touched = new LinkedHashSet<>();
    batch.forEach(row -> touched.add(row.owner()));
    Map<Integer, List<Row>> byShape = new TreeMap<>();
    for (Row row : batch) {
      byShape.computeIfAbsent(denoiser.microBatchFor(row.owner().request.jobRows()), k -> new ArrayList<>()).add(row);
    }
    int computed = 0;
    try {
      for (var shape : byShape.entrySet()) {
        forward(shape.getValue(), shape.getKey());
        computed += (shape.getValue().size() + shape.getKey() - 1) / shape.getKey() * shape.getKey();
      }
    } catch (RuntimeException e) {
      getContext().getLog().error("denoise pass of {} rows failed", batch.size(), e);
      for (Pending p : touched) {
        p.failed = true;
        p.request.replyTo().tell(new DenoiseFailed(p.request.requestId(), "denoiser failed: " + e.getMessage()));
      }
      return;
    }
    stats.recordBatch(name, batch.size(), computed);
    batch.forEach(row -> row.owner().answered++);
    for (Pending p : touched) {
      if (p.answered == p.outputs.length) {
        p.request.replyTo().tell(new Denoised(p.request.requestId(), p.outputs));
      }
    }
  }

  /** Runs these rows in passes of one shape and files each output with its request. */
  private void forward(List<Row> rows, int microBatch) {
    List<DenoiseInput> inputs = new ArrayList<>(rows.size());
    rows.forEach(row -> inputs.add(row.owner().request.inputs().get(row.index())));
    float[][] outputs = denoiser.predict(inputs, microBatch);
    if (outputs.length != inputs.size()) {
      throw new IllegalStateException("denoiser returned " + outputs.length + " rows for " + inputs.size());
    }
    for (int i = 0; i < rows.size(); i++) {
      rows.get(i).owner().outputs[rows.get(i).index()] = outputs[i];
    }
  }
}
