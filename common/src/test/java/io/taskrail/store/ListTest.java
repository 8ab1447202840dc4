package io.taskrail.store;

import io.taskrail.NewTask;
import io.taskrail.Task;
import io.taskrail.TaskPage;
import io.taskrail.TaskQuery;
import io.taskrail.TaskStatus;
import io.taskrail.testing.StoreFixture;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListTest extends StoreFixture {

    @Test
    void pagesThroughAQueueInClaimOrderWithACursor() {
        List<String> ids = enqueue("q", "a", 23);

        List<String> listed = all(TaskQuery.of(TaskStatus.PENDING).inQueue("q").withLimit(5));

        assertEquals(ids, listed);
    }

    @Test
    void filtersByTypeWithABoundedScanPerPage() {
        List<String> wanted = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String type = i % 20 == 0 ? "rare" : "common";
            String id = store.enqueue(NewTask.of(type, new JsonObject()).withQueue("q")).await().taskId();
            if (type.equals("rare")) {
                wanted.add(id);
            }
        }
        TaskPage first = store.list(TaskQuery.of(TaskStatus.PENDING).inQueue("q").ofType("rare").withLimit(1))
                .await();
        assertEquals(1, first.tasks().size());

        assertEquals(wanted, all(TaskQuery.of(TaskStatus.PENDING).inQueue("q").ofType("rare").withLimit(2)));
    }

    @Test
    void listsAcrossEveryQueueWhenNoneIsGiven() {
        List<String> expected = new ArrayList<>(enqueue("alpha", "t", 3));
        expected.addAll(enqueue("beta", "t", 4));
        expected.addAll(enqueue("gamma", "t", 2));

        assertEquals(expected, all(TaskQuery.of(TaskStatus.PENDING).withLimit(2)));
        assertEquals(9, store.list(TaskQuery.of(TaskStatus.PENDING).withLimit(50)).await().tasks().size());
    }

    @Test
    void aCursorSurvivesTheTasksBeforeItLeaving() {
        List<String> ids = enqueue("q", "t", 10);
        TaskPage first = store.list(TaskQuery.of(TaskStatus.PENDING).inQueue("q").withLimit(4)).await();

        // The four listed, and one more, are claimed between the two pages.
        List<Task> claimed = store.claim("q", "w", 5, 1_000).await();
        assertEquals(5, claimed.size());
        TaskPage second = store.list(TaskQuery.of(TaskStatus.PENDING).inQueue("q").withLimit(10)
                .after(first.cursor())).await();

        assertEquals(ids.subList(5, 10), second.tasks().stream().map(Task::id).toList());
    }

    @Test
    void aPendingCursorHoldsAcrossPrioritiesWhileTasksArePushedBackInFront() {
        List<String> high = new ArrayList<>();
        List<String> normal = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            high.add(store.enqueue(NewTask.of("t", new JsonObject()).withQueue("q").withPriority(2)).await()
                    .taskId());
            normal.add(store.enqueue(NewTask.of("t", new JsonObject()).withQueue("q")).await().taskId());
        }
        TaskPage first = store.list(TaskQuery.of(TaskStatus.PENDING).inQueue("q").withLimit(3)).await();
        assertEquals(high.subList(0, 3), first.tasks().stream().map(Task::id).toList());

        // Two claimed and one of them released to the front of its list: positions before the cursor change.
        List<Task> claimed = store.claim("q", "w", 2, 1_000).await();
        store.release(claimed.get(0).id(), claimed.get(0).leaseToken()).await();
        List<String> rest = all(TaskQuery.of(TaskStatus.PENDING).inQueue("q").withLimit(2).after(first.cursor()));

        List<String> expected = new ArrayList<>(List.of(high.get(3)));
        expected.addAll(normal);
        assertEquals(expected, rest);
    }

    @Test
    void emptyAndBadCursors() {
        TaskPage none = store.list(TaskQuery.of(TaskStatus.DEAD)).await();
        assertTrue(none.tasks().isEmpty());
        assertNull(none.cursor());
        assertThrows(IllegalArgumentException.class,
                () -> store.list(TaskQuery.of(TaskStatus.PENDING).after("%%%not-base64")).await());
        assertThrows(IllegalArgumentException.class, () -> TaskQuery.of(TaskStatus.PENDING).withLimit(501));
        // Forged pending cursors (priority, then a position that is no whole number) start that priority over.
        String first = store.enqueue(NewTask.of("t", new JsonObject()).withQueue("q")).await().taskId();
        for (String position : List.of("1.5", "inf", "nan", "-1e300", "x")) {
            String forged = java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("q\n5\n" + position).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            TaskPage page = store.list(TaskQuery.of(TaskStatus.PENDING).inQueue("q").after(forged)).await();
            assertEquals(List.of(first), page.tasks().stream().map(Task::id).toList(), position);
        }
    }

    private List<String> enqueue(String queue, String type, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(store.enqueue(NewTask.of(type, new JsonObject()).withQueue(queue)).await().taskId());
        }
        return ids;
    }

    private List<String> all(TaskQuery query) {
        List<String> ids = new ArrayList<>();
        TaskPage page = store.list(query).await();
        for (int pages = 0; pages < 1_000; pages++) {
            page.tasks().forEach(t -> ids.add(t.id()));
            if (page.cursor() == null) {
                return ids;
            }
            page = store.list(query.after(page.cursor())).await();
        }
        throw new AssertionError("the listing did not end");
    }
}
