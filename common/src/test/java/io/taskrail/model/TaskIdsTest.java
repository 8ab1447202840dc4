package io.taskrail.model;

import io.taskrail.TaskIds;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskIdsTest {

    @Test
    void anIdNamesItsQueueAndSortsByTime() {
        String early = TaskIds.newId("mail.out", 1_000);
        String late = TaskIds.newId("mail.out", 2_000);
        assertEquals("mail.out", TaskIds.queueOf(early));
        assertEquals(9 + 26, early.length());
        assertTrue(early.compareTo(late) < 0);
    }

    @Test
    void idsDoNotCollide() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(TaskIds.newId("q", 5));
        }
        assertEquals(100_000, ids.size());
    }

    @Test
    void malformedIdsHaveNoQueue() {
        assertNull(TaskIds.queueOf(null));
        assertNull(TaskIds.queueOf("noqueue"));
        assertNull(TaskIds.queueOf(":x"));
        assertNull(TaskIds.queueOf("q:"));
        assertNull(TaskIds.queueOf("q:a:b"));
        assertNull(TaskIds.queueOf("q{x}:abc"));
        assertNull(TaskIds.queueOf("q:ü"));
    }
}
