<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Model;

use ExactSidecar\Connector\Model\Config;
use ExactSidecar\Connector\Model\Decimal;
use ExactSidecar\Connector\Model\Http\Response;
use ExactSidecar\Connector\Test\Support\Kit;
use PHPUnit\Framework\TestCase;

class ConfigTest extends TestCase
{
    public function testSecretIsDecryptedAndUrlTrimmed(): void
    {
        $kit = new Kit('https://sidecar.example.test/ ');
        $this->assertSame('s3cr3t-Key_for-tests-only-0123456789abcdef', $kit->config->getSecret());
        $this->assertSame('https://sidecar.example.test', $kit->config->getSidecarUrl());
        $this->assertTrue($kit->config->isComplete());
        $kit->scopeConfig->values[Config::XML_PATH_SECRET] = null;
        $this->assertSame('', $kit->config->getSecret());
        $this->assertFalse($kit->config->isComplete());
    }

    public function testBatchSizeAndRetentionBounds(): void
    {
        $kit = new Kit();
        foreach (['0' => 50, '-3' => 50, 'abc' => 50, '1' => 1, '100' => 100, '1000' => 100] as $raw => $expected) {
            $kit->scopeConfig->values[Config::XML_PATH_BATCH_SIZE] = (string) $raw;
            $this->assertSame($expected, $kit->config->getBatchSize(), "batch size from '$raw'");
        }
        $kit->scopeConfig->values[Config::XML_PATH_KEEP_DAYS] = '';
        $this->assertSame(7, $kit->config->getKeepDeliveredDays());
        $kit->scopeConfig->values[Config::XML_PATH_KEEP_DAYS] = '30';
        $this->assertSame(30, $kit->config->getKeepDeliveredDays());
    }

    public function testListsAreSplitTrimmedAndDeduplicated(): void
    {
        $kit = new Kit();
        $kit->scopeConfig->values[Config::XML_PATH_ALLOWED_STATUSES] = ' complete,,processing ,complete';
        $this->assertSame(['complete', 'processing'], $kit->config->getAllowedPushbackStatuses());
        $kit->scopeConfig->values[Config::XML_PATH_TRIGGER_STATUSES] = null;
        $this->assertSame([], $kit->config->getTriggerStatuses());
    }

    public function testDecimalSignWithoutFloatArithmetic(): void
    {
        $this->assertSame(0, Decimal::sign('0.0000'));
        $this->assertSame(0, Decimal::sign(null));
        $this->assertSame(0, Decimal::sign(0.0));
        $this->assertSame(1, Decimal::sign('0.0001'));
        $this->assertSame(1, Decimal::sign(104.96));
        $this->assertSame(-1, Decimal::sign('-10.89'));
        $this->assertSame(0, Decimal::sign('-0.00'));
        $this->expectException(\InvalidArgumentException::class);
        Decimal::sign('12,50');
    }

    public function testResponseHelpers(): void
    {
        $response = new Response(503, ['Retry-After' => ' 120 '], '<html>Bad   gateway</html>');
        $this->assertSame(120, $response->getRetryAfter());
        $this->assertSame('HTTP 503: <html>Bad gateway</html>', $response->describeError());
        $this->assertNull((new Response(503, ['Retry-After' => 'Wed, 21 Oct 2026 07:28:00 GMT'], ''))->getRetryAfter());
        $this->assertNull((new Response(200, [], 'not json'))->getJson());
    }
}
