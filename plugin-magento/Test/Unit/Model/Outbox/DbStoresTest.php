<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Model\Outbox;

use ExactSidecar\Connector\Model\OrderLink\DbOrderLinkStore;
use ExactSidecar\Connector\Model\Outbox\DbOutboxStore;
use ExactSidecar\Connector\Test\Support\RecordingAdapter;
use Magento\Framework\App\ResourceConnection;
use PHPUnit\Framework\TestCase;

/**
 * The SQL the DB stores send (no MySQL here): statements, table prefix, binds and UTC dates.
 */
class DbStoresTest extends TestCase
{
    /** @var RecordingAdapter */
    private $db;

    /** @var DbOutboxStore */
    private $store;

    protected function setUp(): void
    {
        $this->db = new RecordingAdapter();
        $this->store = new DbOutboxStore(new ResourceConnection($this->db, 'm2_'));
    }

    public function testAddIsAnInsertIgnoreWithUtcDates(): void
    {
        $this->assertTrue($this->store->add('order:15:created', 'order.updated', 'order', '15', 1, 1763726400));
        [$method, $sql, $bind] = $this->db->calls[0];
        $this->assertSame('query', $method);
        $this->assertStringStartsWith('INSERT IGNORE INTO m2_exact_sidecar_outbox (', $sql);
        $this->assertSame(substr_count($sql, '?'), count($bind));
        $this->assertSame(
            ['order:15:created', 'order.updated', 'order', '15', 1, '2025-11-21 12:00:00', 'pending',
                '2025-11-21 12:00:00', '2025-11-21 12:00:00', '2025-11-21 12:00:00'],
            $bind
        );
        $this->db->rowCount = 0;
        $this->assertFalse($this->store->add('order:15:created', 'order.updated', 'order', '15', 1, 1763726400));
    }

    public function testFetchDueHydratesTypes(): void
    {
        $this->db->results[] = [[
            'outbox_id' => '7', 'idempotency_key' => 'k', 'event_type' => 'order.updated', 'entity_type' => 'order',
            'entity_id' => '15', 'store_id' => null, 'occurred_at' => '2025-11-21 12:00:00', 'status' => 'pending',
            'attempts' => '2', 'next_attempt_at' => '2025-11-21 12:01:00', 'last_http_status' => '503',
            'last_error' => 'x', 'created_at' => '2025-11-21 12:00:00', 'updated_at' => '2025-11-21 12:00:00',
            'delivered_at' => null,
        ]];
        $rows = $this->store->fetchDue(1763726500, 50);
        [, $sql, $bind] = $this->db->calls[0];
        $this->assertStringContainsString('WHERE status = ? AND next_attempt_at <= ?', $sql);
        $this->assertStringEndsWith('LIMIT 50', $sql);
        $this->assertSame(['pending', '2025-11-21 12:01:40'], $bind);
        $this->assertSame(7, $rows[0]['outbox_id']);
        $this->assertSame(2, $rows[0]['attempts']);
        $this->assertNull($rows[0]['store_id']);
        $this->assertSame(503, $rows[0]['last_http_status']);
        $this->assertSame(1763726400, $rows[0]['occurred_at']);
        $this->assertSame(1763726460, $rows[0]['next_attempt_at']);
        $this->assertNull($rows[0]['delivered_at']);
    }

    public function testMarkersUpdateByIdOnly(): void
    {
        $this->store->markDelivered([3, 4], 1763726400);
        $this->store->markRetry(5, 3, 1763726640, 503, 'down', 1763726400);
        $this->store->markDead(6, 1, 400, 'bad', 1763726400);
        $this->store->markDelivered([], 1763726400);
        $this->assertCount(3, $this->db->calls, 'an empty id list sends nothing');
        $this->assertSame(['outbox_id IN (?)' => [3, 4]], $this->db->calls[0][3]);
        $this->assertSame('delivered', $this->db->calls[0][2]['status']);
        $this->assertSame('2025-11-21 12:00:00', $this->db->calls[0][2]['delivered_at']);
        $this->assertSame(['outbox_id = ?' => 5], $this->db->calls[1][3]);
        $this->assertSame('2025-11-21 12:04:00', $this->db->calls[1][2]['next_attempt_at']);
        $this->assertSame('pending', $this->db->calls[1][2]['status']);
        $this->assertSame('dead', $this->db->calls[2][2]['status']);
        $this->assertSame(400, $this->db->calls[2][2]['last_http_status']);
    }

    public function testGarbageCollectionDeletesOnlyOldDeliveredRows(): void
    {
        $this->db->rowCount = 12;
        $this->assertSame(12, $this->store->deleteDeliveredBefore(1763726400, 1000));
        [, $sql, $bind] = $this->db->calls[0];
        $this->assertSame(
            'DELETE FROM m2_exact_sidecar_outbox WHERE status = ? AND delivered_at < ? LIMIT 1000',
            $sql
        );
        $this->assertSame(['delivered', '2025-11-21 12:00:00'], $bind);
    }

    public function testCountsFillEveryStatus(): void
    {
        $this->db->results[] = ['dead' => '2'];
        $this->assertSame(['pending' => 0, 'delivered' => 0, 'dead' => 2], $this->store->countByStatus());
    }

    public function testRequeueDeadOrGivenRows(): void
    {
        $this->store->requeue([], 1763726400);
        $this->store->requeue([9, '10'], 1763726400);
        $this->assertSame(['status = ?' => 'dead'], $this->db->calls[0][3]);
        $this->assertSame(['outbox_id IN (?)' => [9, 10], 'status <> ?' => 'pending'], $this->db->calls[1][3]);
        $this->assertSame(0, $this->db->calls[1][2]['attempts']);
    }

    public function testListRowsBindsTheStatus(): void
    {
        $this->store->listRows('dead', 5);
        $this->store->listRows(null, 5);
        $this->assertSame(['dead'], $this->db->calls[0][2]);
        $this->assertStringNotContainsString('WHERE', $this->db->calls[1][1]);
    }

    public function testBadDateInTheTableIsReported(): void
    {
        $this->expectException(\UnexpectedValueException::class);
        DbOutboxStore::fromDate('21-11-2025');
    }

    public function testOrderLinkStoreUpsertsAndReads(): void
    {
        $links = new DbOrderLinkStore(new ResourceConnection($this->db, 'm2_'));
        $links->save(15, ['sync_state' => 'posted', 'document_number' => '25000123', 'bogus' => 'x'], 1763726400);
        [$method, $table, $data, $fields] = $this->db->calls[0];
        $this->assertSame('insertOnDuplicate', $method);
        $this->assertSame('m2_exact_sidecar_order', $table);
        $this->assertArrayNotHasKey('bogus', $data);
        $this->assertSame('posted', $data['sync_state']);
        $this->assertNull($data['error_message']);
        $this->assertSame('2025-11-21 12:00:00', $data['updated_at']);
        $this->assertSame(array_keys($data), $fields);

        $this->db->results[] = [['order_id' => '15', 'sync_state' => 'posted', 'updated_at' => '2025-11-21 12:00:00']];
        $record = $links->get(15);
        $this->assertSame(15, $record['order_id']);
        $this->assertSame(1763726400, $record['updated_at']);
        $this->assertSame([15], $this->db->calls[1][2]);
        $this->assertSame([], $links->getMany([]));
    }
}
