<?php

namespace ExactSidecar\Tests;

use ExactSidecar\Admin\Describe;
use ExactSidecar\Tests\Support\TestCase;

final class DescribeTest extends TestCase
{
    public function testSidecarShapeWithDivisionCodeAndName(): void
    {
        // As the sidecar's GET /api/v1/shop answers.
        $shop = ['name' => 'Koffiehuis', 'exact' => ['connected' => true, 'needs_reauth' => false, 'region' => 'nl',
            'division' => '123456', 'division_name' => 'Koffiehuis BV'], 'queue' => ['pending' => 0, 'failed' => 3]];
        $this->assertSame('Connected to Exact Online division 123456 Koffiehuis BV (region nl).', Describe::exactConnection($shop));
        $this->assertStringEndsWith('Orders waiting: 0, failed: 3.', Describe::shopStatus($shop));
    }

    public function testDivisionAsObjectAndReauth(): void
    {
        $shop = ['exact' => ['connected' => true, 'needs_reauth' => true, 'region' => 'be',
            'division' => ['code' => '42', 'name' => 'Gent']]];
        $this->assertSame(
            'Connected to Exact Online division 42 Gent (region be). Exact Online asks to sign in again: use Reconnect.',
            Describe::exactConnection($shop)
        );
    }

    public function testDisconnectedAndNulls(): void
    {
        $this->assertSame('Not connected to Exact Online.', Describe::exactConnection(['exact' => ['connected' => false,
            'division' => null, 'division_name' => null, 'region' => null]]));
        $this->assertSame('Not connected to Exact Online.', Describe::exactConnection([]));
    }
}
