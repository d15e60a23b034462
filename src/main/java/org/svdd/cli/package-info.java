/**
 * The command line (picocli): {@code svdd sample}, {@code svdd train}, {@code svdd eval}. Commands only
 * parse, wire and print; the work happens in the packages below.
 */
package org.svdd.cli;
