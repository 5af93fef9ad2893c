package com.example.meshtrace.benchmark;

/**
 * The cost of one layer, from two phases of the same run.
 *
 * @param name what it compares
 * @param definition how it is computed from the phases' requests per second
 * @param percent the cost in percent
 */
record Ratio(String name, String definition, double percent) {
}
