package org.svdd.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.svdd.api.proto.JobSpec;
import org.svdd.store.JdbcJobStore;

/**
 * Finding jobs by name: a listing keeps the jobs whose name contains the text asked, letters compared without case.
 * The store searches a key kept beside each job (its name in lower case, folded here so that H2 and PostgreSQL, whose
 * own lower-casing of non-ASCII letters depends on the database's locale, agree).
 */
final class JobNames {
  /** Jobs given their key per transaction when filling in the keys of jobs stored before there were any. */
  private static final int FILL_PAGE = 500;

  private JobNames() {}

  /** The key of a name, or the text a listing looks for in the keys. */
  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * Gives each job stored before names were searchable its key, read from its stored spec ("" where the spec does not
   * parse: a job no listing can find by name, as it could not show one); how many it keyed.
   */
  static int fillMissingKeys(JdbcJobStore store) {
    int keyed = 0;
    Map<String, String> specs = store.specsWithoutNameKey(FILL_PAGE);
    while (!specs.isEmpty()) {
      Map<String, String> keys = new LinkedHashMap<>();
      specs.forEach((id, spec) -> keys.put(id, key(nameIn(spec))));
      store.setNameKeys(keys);
      keyed += keys.size();
      specs = store.specsWithoutNameKey(FILL_PAGE);
    }
    return keyed;
  }

  private static String nameIn(String spec) {
    JobSpec.Builder parsed = JobSpec.newBuilder();
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(spec, parsed);
      return parsed.getName();
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return "";
    }
  }
}
