<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Model\Admin;

use ExactSidecar\Connector\Model\Admin\IntegrationCredentials;
use ExactSidecar\Connector\Model\Admin\OrderActions;
use ExactSidecar\Connector\Model\Admin\SidecarAdmin;
use ExactSidecar\Connector\Test\Support\FakeTransport;
use ExactSidecar\Connector\Test\Support\Kit;
use Magento\Framework\DataObject;
use Magento\Integration\Api\IntegrationServiceInterface;
use Magento\Integration\Api\OauthServiceInterface;
use PHPUnit\Framework\TestCase;

class ActionsTest extends TestCase
{
    /**
     * @param DataObject $integration
     * @param mixed $token
     * @return IntegrationCredentials
     */
    private function credentials(DataObject $integration, $token): IntegrationCredentials
    {
        $integrations = $this->createStub(IntegrationServiceInterface::class);
        $integrations->method('findByName')->willReturnCallback(static function ($name) use ($integration) {
            return $name === 'exact-sidecar' ? $integration : new DataObject();
        });
        $oauth = $this->createStub(OauthServiceInterface::class);
        $oauth->method('loadConsumer')->willReturn(new DataObject(['key' => 'ck', 'secret' => 'cs']));
        $oauth->method('getAccessToken')->willReturn($token);
        return new IntegrationCredentials($integrations, $oauth);
    }

    public function testActiveIntegrationGivesTheFourTokens(): void
    {
        $credentials = $this->credentials(
            new DataObject(['id' => 3, 'status' => 1, 'consumer_id' => 8]),
            new DataObject(['token' => 'at', 'secret' => 'ats'])
        );
        $this->assertSame(
            ['consumer_key' => 'ck', 'consumer_secret' => 'cs', 'access_token' => 'at', 'access_token_secret' => 'ats'],
            $credentials->get()
        );
    }

    public function testInactiveIntegrationIsExplained(): void
    {
        $credentials = $this->credentials(new DataObject(['id' => 3, 'status' => 0, 'consumer_id' => 8]), false);
        $this->expectException(\RuntimeException::class);
        $this->expectExceptionMessage('Activate the "exact-sidecar" integration');
        $credentials->get();
    }

    public function testMissingIntegrationIsExplained(): void
    {
        $credentials = $this->credentials(new DataObject([]), false);
        $this->expectException(\RuntimeException::class);
        $this->expectExceptionMessage('does not exist');
        $credentials->get();
    }

    public function testActiveWithoutTokenIsExplained(): void
    {
        $credentials = $this->credentials(new DataObject(['id' => 3, 'status' => 1, 'consumer_id' => 8]), false);
        $this->expectException(\RuntimeException::class);
        $this->expectExceptionMessage('no access token');
        $credentials->get();
    }

    public function testResendQueuesAFreshEventAndRetryCallsTheSidecar(): void
    {
        $kit = new Kit();
        $actions = new OrderActions(new SidecarAdmin($kit->client), $kit->recorder, $kit->clock);
        $result = $actions->resend(15, 1);
        $this->assertTrue($result->ok);
        $this->assertSame('order:15:resend:' . $kit->clock->now(), $result->data['event_id']);
        $kit->clock->time += 5;
        $this->assertTrue($actions->resend(15, 1)->ok, 'a later resend is a new event');
        $this->assertCount(2, $kit->store->rows);
        $this->assertFalse($actions->resend(0, null)->ok);

        $kit->transport->queue[] = FakeTransport::json(202, ['status' => 'queued']);
        $this->assertTrue($actions->retry(15)->ok);
        $this->assertSame('POST', $kit->transport->requests[0]['method']);
        $this->assertFalse($actions->retry(-1)->ok);
    }
}
