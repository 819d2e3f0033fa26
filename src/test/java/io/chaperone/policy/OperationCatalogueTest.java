package io.chaperone.policy;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every operation is explained, and exactly the looking ones are read-only. */
class OperationCatalogueTest {

    @Test
    void shouldDescribeEveryOperationCompletely() {
        for (Operation op : Operation.values()) {
            OperationCatalogue.Description d = op.description();
            assertEquals(op, d.op());
            for (String text : new String[]{d.title(), d.does(), d.reads(), d.changes(), d.never(), d.why()}) {
                assertFalse(text == null || text.isBlank(), () -> op.wireName() + " lacks a description field");
            }
        }
    }

    @Test
    void shouldCountOnlyOperationsThatChangeNothingAsReadOnly() {
        Set<Operation> readOnly = EnumSet.noneOf(Operation.class);
        for (Operation op : Operation.values()) {
            if (op.readOnly()) {
                readOnly.add(op);
            }
        }
        assertEquals(EnumSet.of(Operation.DIAG_READ, Operation.LOGS_READ, Operation.NET_TEST, Operation.CONFIG_READ), readOnly);
        assertEquals(OperationCatalogue.Risk.HIGH, Operation.FIRMWARE_UPDATE.description().risk());
        assertEquals(EnumSet.of(Operation.CONFIG_RESTORE), EnumSet.copyOf(java.util.Arrays.stream(Operation.values())
                .filter(Operation::systemOnly).toList()));
        assertEquals(OperationCatalogue.Risk.HIGH, Operation.CONFIG_WRITE.description().risk());
    }

    @Test
    void shouldDescribeEveryDataClassAndKeepSystemOperationsOutOfTheRequestableList() {
        assertEquals(java.util.List.of(DataClass.values()), OperationCatalogue.dataClasses().stream()
                .map(OperationCatalogue.DataClassDescription::dataClass).toList());
        OperationCatalogue.dataClasses().forEach(d -> assertFalse(d.title().isBlank() || d.examples().isBlank()));
        assertFalse(OperationCatalogue.requestable().stream().anyMatch(d -> d.op() == Operation.CONFIG_RESTORE));
        assertEquals(Operation.values().length - 1, OperationCatalogue.requestable().size());
        assertEquals(java.util.List.of(), Operation.HUB_REBOOT.description().dataClasses());
    }
}
