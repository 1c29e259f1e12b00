<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Model;

use ExactSidecar\Connector\Model\ChangeDetector;
use ExactSidecar\Connector\Model\OrderSync;
use ExactSidecar\Connector\Model\PushbackGuard;
use ExactSidecar\Connector\Observer\OrderSaveObserver;
use ExactSidecar\Connector\Test\Support\Kit;
use ExactSidecar\Connector\Test\Support\MemoryOrderLinkStore;
use Magento\Framework\Event;
use Magento\Framework\Event\Observer;
use Magento\Framework\Exception\InputException;
use Magento\Framework\Exception\NoSuchEntityException;
use PHPUnit\Framework\TestCase;

class OrderSyncTest extends TestCase
{
    /** @var Kit */
    private $kit;

    /** @var MemoryOrderLinkStore */
    private $links;

    /** @var OrderSync */
    private $sync;

    protected function setUp(): void
    {
        $this->kit = new Kit();
        $this->links = new MemoryOrderLinkStore();
        $guard = new PushbackGuard();
        $this->kit->orders->put(Kit::fixtureOrder(1234));
        $observer = new OrderSaveObserver(
            $this->kit->config,
            $guard,
            $this->kit->recorder,
            new ChangeDetector(),
            $this->kit->clock,
            $this->kit->logger
        );
        // As in Magento: saving the order dispatches sales_order_save_commit_after.
        $this->kit->orders->onSave = static function ($order) use ($observer): void {
            $observer->execute(new Observer(['event' => new Event(['order' => $order])]));
        };
        $this->sync = new OrderSync($this->kit->orders, $this->links, $this->kit->config, $guard, $this->kit->clock);
    }

    public function testPostedWithNumberAndStatusIsAppliedOnce(): void
    {
        $args = [
            1234, 'posted', 'sales_invoice', 'guid-1', '25000123', 'complete', 'complete',
            null, null, null, 'push:1234:1',
        ];
        $result = $this->sync->sync(...$args);
        $this->assertTrue($result->getApplied());
        $this->assertSame('complete', $result->getStatus());
        $this->assertSame('complete', $result->getState());
        $this->assertSame('25000123', $result->getDocumentNumber());
        $this->assertSame('posted', $result->getSyncState());
        $order = $this->kit->orders->orders[1234];
        $this->assertCount(1, $this->kit->orders->saved);
        $this->assertSame(
            [['comment' => 'Exact Online: sales_invoice 25000123 created.', 'status' => 'complete']],
            $order->addedComments
        );
        $this->assertSame('25000123', $this->links->records[1234]['document_number']);
        $this->assertSame('push:1234:1', $this->links->records[1234]['last_sync_key']);
        $this->assertSame([], $this->kit->store->rows, 'the pushback is not sent back to the sidecar');

        $again = $this->sync->sync(...$args);
        $this->assertFalse($again->getApplied());
        $this->assertCount(1, $this->kit->orders->saved, 'a repeated sync_key saves nothing');
        $this->assertCount(1, $order->addedComments);
    }

    public function testStatusNoteAloneIsWrittenOnceAndNotSentBack(): void
    {
        $note = 'Exact Online: sales invoice 26700001 is paid.';
        $result = $this->sync->sync(1234, null, null, null, null, null, null, $note, null, null, 'status:a:0');
        $this->assertTrue($result->getApplied(), 'a comment the history lacks is written on its own');
        $order = $this->kit->orders->orders[1234];
        $this->assertSame([['comment' => $note, 'status' => false]], $order->addedComments);
        $this->assertCount(1, $this->kit->orders->saved);
        $this->assertSame([], $this->kit->store->rows, 'saved inside the guard: no event for the sidecar');

        // A retry with another key (the first answer was lost, or another rule wrote in between).
        $again = $this->sync->sync(1234, null, null, null, null, null, null, $note, null, null, 'status:b:0');
        $this->assertFalse($again->getApplied());
        $this->assertCount(1, $order->addedComments, 'a comment already in the history is not added again');
        $this->assertCount(1, $this->kit->orders->saved);
    }

    public function testStatusChangeWithAKnownCommentChangesTheStatusOnly(): void
    {
        $note = 'Exact Online: sales order 7 is delivered.';
        $this->sync->sync(1234, null, null, null, null, null, null, $note, null, null, 'k1');
        $result = $this->sync->sync(1234, null, null, null, null, 'complete', 'complete', $note, null, null, 'k2');
        $this->assertTrue($result->getApplied());
        $this->assertSame('complete', $result->getStatus());
        $order = $this->kit->orders->orders[1234];
        $this->assertCount(1, $order->addedComments, 'the status moved without a second copy of the note');
        $this->assertSame([], $this->kit->store->rows);
    }

    public function testSameContentWithoutKeyChangesNothing(): void
    {
        $this->sync->sync(1234, 'posted', 'sales_order', null, 'SO-1', 'processing');
        $saves = count($this->kit->orders->saved);
        $result = $this->sync->sync(1234, 'posted', 'sales_order', null, 'SO-1', 'processing');
        $this->assertFalse($result->getApplied());
        $this->assertSame('Nothing to change.', $result->getMessage());
        $this->assertSame($saves, count($this->kit->orders->saved));
    }

    public function testStatusOutsideTheAllowedListIsRefusedBeforeAnyChange(): void
    {
        try {
            $this->sync->sync(1234, 'posted', null, null, 'X1', 'fraud');
            $this->fail('expected InputException');
        } catch (InputException $e) {
            $this->assertStringContainsString('Status "fraud" is not allowed', $e->getMessage());
            $this->assertStringContainsString('processing, complete, exact_posted', $e->getMessage());
        }
        $this->assertSame([], $this->kit->orders->saved);
        $this->assertSame([], $this->links->records);
    }

    public function testUnknownStateAndSyncStateAreRefused(): void
    {
        $this->expectException(InputException::class);
        $this->sync->sync(1234, null, null, null, null, null, 'shipped');
    }

    public function testUnknownSyncStateIsRefused(): void
    {
        $this->expectException(InputException::class);
        $this->expectExceptionMessage('sync_state "done" is not one of');
        $this->sync->sync(1234, 'done');
    }

    public function testControlCharactersAreRefused(): void
    {
        $this->expectException(InputException::class);
        $this->sync->sync(1234, 'posted', null, null, "25\x00123");
    }

    public function testTooLongValuesAreRefused(): void
    {
        $this->expectException(InputException::class);
        $this->expectExceptionMessage('document_number is longer than 64 characters.');
        $this->sync->sync(1234, 'posted', null, null, str_repeat('9', 65));
    }

    public function testUnknownOrderIsNoSuchEntity(): void
    {
        $this->expectException(NoSuchEntityException::class);
        $this->sync->sync(999, 'posted');
    }

    public function testFailureIsRecordedWithResolutionAndCommentWithoutStatusChange(): void
    {
        $result = $this->sync->sync(
            1234,
            'failed',
            null,
            null,
            null,
            null,
            null,
            null,
            "Payment method 'banktransfer' is not mapped.",
            'Map it under Settings > Payment methods.'
        );
        $this->assertTrue($result->getApplied());
        $this->assertSame('processing', $result->getStatus());
        $record = $this->links->records[1234];
        $this->assertSame('failed', $record['sync_state']);
        $this->assertSame('Map it under Settings > Payment methods.', $record['resolution']);
        $order = $this->kit->orders->orders[1234];
        $this->assertSame(false, $order->addedComments[0]['status']);
        $this->assertStringContainsString("'banktransfer' is not mapped", $order->addedComments[0]['comment']);

        $this->sync->sync(1234, 'posted', 'sales_order', null, 'SO-9');
        $this->assertNull($this->links->records[1234]['error_message'], 'a later success clears the error');
        $this->assertNull($this->links->records[1234]['resolution']);
    }

    public function testOwnCommentIsUsed(): void
    {
        $this->sync->sync(1234, null, null, null, null, 'exact_posted', null, 'Geboekt in Exact.');
        $order = $this->kit->orders->orders[1234];
        $this->assertSame('exact_posted', $order->getStatus());
        $this->assertSame('processing', $order->getState(), 'state untouched when not sent');
        $this->assertSame([['comment' => 'Geboekt in Exact.', 'status' => 'exact_posted']], $order->addedComments);
    }
}
