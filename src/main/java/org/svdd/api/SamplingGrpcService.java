package org.svdd.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;
import org.svdd.api.proto.JobRef;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.ListJobsRequest;
import org.svdd.api.proto.ListJobsResponse;
import org.svdd.api.proto.ListNodesRequest;
import org.svdd.api.proto.ListNodesResponse;
import org.svdd.api.proto.SampleRecord;
import org.svdd.api.proto.SamplingServiceGrpc;
import org.svdd.api.proto.SubmitJobRequest;

/**
 * The gRPC edge over a {@link JobRegistry}: maps protobuf requests to registry calls and failures to
 * precise statuses (INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION), never a stack trace.
 */
public final class SamplingGrpcService extends SamplingServiceGrpc.SamplingServiceImplBase {
  /** Said to watchers when this api node stops: the job runs on in the cluster, and clients may watch it again. */
  static final String STOPPING = "this api node is stopping; the job runs on in the cluster: watch it again (through "
      + "another api node, if there is one)";

  private final JobRegistry registry;
  private final java.util.Set<Watch> openWatches = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public SamplingGrpcService(JobRegistry registry) {
    this.registry = registry;
  }

  /**
   * Ends every open watch stream with UNAVAILABLE ({@link #STOPPING}), so that watchers learn at once that this node
   * is going and can watch again, elsewhere or once it is back, instead of their streams being reset as it stops.
   */
  void endWatches() {
    List.copyOf(openWatches).forEach(Watch::stopping);
  }

  @Override
  public void submitJob(SubmitJobRequest request, StreamObserver<JobStatus> response) {
    String client = BearerTokenInterceptor.CLIENT.get();
    unary(response, () -> registry.submit(request.getSpec(), client == null ? "" : client));
  }

  @Override
  public void getJob(JobRef request, StreamObserver<JobStatus> response) {
    unary(response, () -> registry.get(registry.resolve(request.getJobId())));
  }

  @Override
  public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> response) {
    unary(response, () -> {
      JobRegistry.Page page = registry.list(request.getPageSize(), request.getPageToken(),
          Set.copyOf(request.getStatesList()), request.getNameContains());
      return ListJobsResponse.newBuilder().addAllJobs(page.jobs()).setNextPageToken(page.nextToken()).build();
    });
  }

  @Override
  public void listNodes(ListNodesRequest request, StreamObserver<ListNodesResponse> response) {
    unary(response, () -> ListNodesResponse.newBuilder().addAllNodes(registry.nodes()).build());
  }

  @Override
  public void cancelJob(JobRef request, StreamObserver<JobStatus> response) {
    unary(response, () -> registry.cancel(registry.resolve(request.getJobId())));
  }

  @Override
  public void deleteJob(JobRef request, StreamObserver<JobStatus> response) {
    String client = BearerTokenInterceptor.CLIENT.get();
    unary(response, () -> registry.delete(registry.resolve(request.getJobId()), client == null ? "" : client));
  }

  @Override
  public void getResults(JobRef request, StreamObserver<SampleRecord> response) {
    try {
      registry.results(registry.resolve(request.getJobId())).forEach(response::onNext);
      response.onCompleted();
    } catch (RuntimeException e) {
      response.onError(toStatus(e));
    }
  }

  @Override
  public void watchJob(JobRef request, StreamObserver<JobStatus> response) {
    String id;
    try {
      id = registry.resolve(request.getJobId());
    } catch (RuntimeException e) {
      response.onError(toStatus(e));
      return;
    }
    Watch watch = new Watch(id, (ServerCallStreamObserver<JobStatus>) response);
    openWatches.add(watch);
    watch.call.setOnCancelHandler(watch::cancelled);
    try {
      registry.watch(id, watch);
    } catch (RuntimeException e) {
      watch.failed(toStatus(e));
    }
  }

  /** One watch stream: the job's statuses until it ends, the client cancels, or this node stops. */
  private final class Watch implements JobWatcher {
    private final String jobId;
    private final ServerCallStreamObserver<JobStatus> call;
    private boolean closed; // guarded by call

    Watch(String jobId, ServerCallStreamObserver<JobStatus> call) {
      this.jobId = jobId;
      this.call = call;
    }

    @Override
    public void accept(JobStatus status) {
      synchronized (call) {
        if (closed || call.isCancelled()) {
          return;
        }
        call.onNext(status);
        if (JobRecord.ended(status.getState())) {
          closed = true;
          openWatches.remove(this);
          call.onCompleted();
        }
      }
    }

    /** Ends the stream with NOT_FOUND: the job's end will never be heard here. */
    @Override
    public void deleted(String why) {
      failed(Status.NOT_FOUND.withDescription(why).asRuntimeException());
    }

    void cancelled() {
      openWatches.remove(this);
      registry.unwatch(jobId, this);
    }

    void failed(StatusRuntimeException status) {
      openWatches.remove(this);
      synchronized (call) {
        closed = true;
        call.onError(status);
      }
    }

    void stopping() {
      registry.unwatch(jobId, this);
      openWatches.remove(this);
      synchronized (call) {
        if (closed || call.isCancelled()) {
          return;
        }
        closed = true;
        call.onError(Status.UNAVAILABLE.withDescription(STOPPING).asRuntimeException());
      }
    }
  }

  private static <T> void unary(StreamObserver<T> response, Supplier<T> call) {
    T value;
    try {
      value = call.get();
    } catch (RuntimeException e) {
      response.onError(toStatus(e));
      return;
    }
    response.onNext(value);
    response.onCompleted();
  }

  static StatusRuntimeException toStatus(RuntimeException e) {
    Status status;
    if (e instanceof LimitExceededException) {
      status = Status.RESOURCE_EXHAUSTED;
    } else if (e instanceof IllegalArgumentException) {
      status = Status.INVALID_ARGUMENT;
    } else if (e instanceof NoSuchElementException) {
      status = Status.NOT_FOUND;
    } else if (e instanceof org.svdd.core.method.StoreUnavailableException) {
      status = Status.UNAVAILABLE;
    } else if (e instanceof IllegalStateException) {
      status = Status.FAILED_PRECONDITION;
    } else if (e instanceof SecurityException) {
      status = Status.PERMISSION_DENIED;
    } else {
      status = Status.INTERNAL;
    }
    return status.withDescription(clip(e.getMessage(), MAX_DESCRIPTION)).asRuntimeException();
  }

  /** Longest status description sent: echoed values are cut, so a huge input never comes back whole. */
  static final int MAX_DESCRIPTION = 512;

  /**
   * {@code text} cut to {@code max} characters, saying how many were left out, its control characters written as a
   * backslash, u and four hex digits: a value a caller sent, echoed in a message, neither comes back whole nor moves a
   * terminal's cursor or splits a log line.
   */
  static String clip(String text, int max) {
    if (text == null) {
      return null;
    }
    String cut = text.length() <= max ? text
        : text.substring(0, max) + "… (" + (text.length() - max) + " more characters)";
    StringBuilder shown = new StringBuilder(cut.length());
    cut.chars().forEach(c -> shown.append(Character.isISOControl(c)
        ? String.format(java.util.Locale.ROOT, "\\u%04x", c) : Character.toString(c)));
    return shown.toString();
  }
}
