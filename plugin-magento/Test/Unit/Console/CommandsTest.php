<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Console;

use ExactSidecar\Connector\Console\Command\OutboxDrainCommand;
use ExactSidecar\Connector\Console\Command\OutboxInspectCommand;
use ExactSidecar\Connector\Console\Command\OutboxRequeueCommand;
use ExactSidecar\Connector\Test\Support\ArrayInput;
use ExactSidecar\Connector\Test\Support\BufferOutput;
use ExactSidecar\Connector\Test\Support\FakeTransport;
use ExactSidecar\Connector\Test\Support\Kit;
use PHPUnit\Framework\TestCase;

class CommandsTest extends TestCase
{
    /** @var Kit */
    private $kit;

    protected function setUp(): void
    {
        $this->kit = new Kit();
        $this->kit->recorder->record('order.updated', 'order', '1', 1, ['a']);
        $this->kit->recorder->record('order.updated', 'order', '2', 1, ['b']);
        $this->kit->store->markDead(2, 1, 400, 'HTTP 400 invalid: bad', $this->kit->clock->now());
    }

    public function testInspectShowsCountsAndRows(): void
    {
        $command = new OutboxInspectCommand($this->kit->store);
        $this->assertSame('exact-sidecar:outbox:inspect', $command->getName());
        $out = new BufferOutput();
        $this->assertSame(0, $command->run(new ArrayInput(['status' => 'dead', 'limit' => '20']), $out));
        $this->assertStringContainsString('pending: 1  delivered: 0  dead: 1', $out->text);
        $this->assertStringContainsString('#2 dead order.updated order:2 attempts=1', $out->text);
        $this->assertStringContainsString('http=400 HTTP 400 invalid: bad', $out->text);
        $this->assertStringNotContainsString('#1 ', $out->text);
    }

    public function testInspectRefusesBadOptions(): void
    {
        $command = new OutboxInspectCommand($this->kit->store);
        $out = new BufferOutput();
        $this->assertSame(2, $command->run(new ArrayInput(['status' => 'lost']), $out));
        $this->assertSame(2, $command->run(new ArrayInput(['limit' => '0']), $out));
        $this->assertStringContainsString('--status must be one of', $out->text);
    }

    public function testRequeueDeadRowsOrGivenIds(): void
    {
        $command = new OutboxRequeueCommand($this->kit->store, $this->kit->clock);
        $out = new BufferOutput();
        $this->assertSame(2, $command->run(new ArrayInput([], ['ids' => ['x']]), $out));
        $this->assertCount(1, $this->kit->store->withStatus('dead'), 'nothing changed on bad input');
        $this->assertSame(0, $command->run(new ArrayInput([], ['ids' => []]), $out));
        $this->assertStringContainsString('Requeued 1 row(s)', $out->text);
        $this->assertCount(2, $this->kit->store->withStatus('pending'));
        $this->assertSame(0, $this->kit->store->rows[2]['attempts']);
    }

    public function testDrainCommandReportsTheRun(): void
    {
        $this->kit->orders->put(Kit::fixtureOrder(1));
        $this->kit->transport->queue[] = FakeTransport::json(200, ['results' => [
            ['id' => 'order:1:a', 'status' => 'accepted'],
        ]]);
        $out = new BufferOutput();
        $this->assertSame(0, (new OutboxDrainCommand($this->kit->drain))->run(new ArrayInput(), $out));
        $this->assertSame("delivered: 1  dead: 0  retry: 0  requests: 1\n", $out->text);
    }
}
