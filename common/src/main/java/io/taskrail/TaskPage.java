package io.taskrail;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param tasks  the tasks, in the order of their status's set (see {@link TaskQuery})
 * @param cursor pass it back for the next page; null when the listing is complete. A page may hold fewer tasks
 *               than asked (even none) and still have a cursor, when a type filter skipped many.
 */
public record TaskPage(List<Task> tasks, String cursor) {
}
