package io.taskrail.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Where the accepted tasks of a scenario stand in Redis: counts by status, and how often they ran. */
record Outcome(int accepted, int completed, List<String> missing, List<String> unfinished, long reExecutions) {

    static Outcome of(Map<String, RedisView.TaskState> states) {
        int completed = 0;
        long reExecutions = 0;
        List<String> missing = new ArrayList<>();
        List<String> unfinished = new ArrayList<>();
        for (Map.Entry<String, RedisView.TaskState> e : states.entrySet()) {
            RedisView.TaskState state = e.getValue();
            if (state.status() == null) {
                missing.add(e.getKey());
            } else if (state.status().equals("completed")) {
                completed++;
                // Each attempt is one claim; these tasks never fail, so every attempt past the first is a rerun.
                reExecutions += state.attempts() - 1;
            } else {
                unfinished.add(e.getKey() + "=" + state.status());
            }
        }
        return new Outcome(states.size(), completed, missing, unfinished, reExecutions);
    }

    boolean allCompleted() {
        return completed == accepted;
    }

    /** Every task is completed, or gone from Redis altogether (which only a scenario that allows loss accepts). */
    boolean settled() {
        return unfinished.isEmpty();
    }
}
