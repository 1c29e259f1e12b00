<?php

namespace ExactSidecar\Tests;

use ExactSidecar\Delivery\EntityGoneException;
use ExactSidecar\Delivery\Events;
use ExactSidecar\Delivery\RestPayloadSource;
use ExactSidecar\Tests\Support\Fixtures;
use ExactSidecar\Tests\Support\TestCase;

/**
 * The payload is WooCommerce's own REST v3 representation (the real GET /wc/v3/orders/<id> fixtures),
 * built in-process as the plugin's API user, with the previous user restored.
 */
final class RestPayloadSourceTest extends TestCase
{
    private const API_USER = 42;

    private function source(): RestPayloadSource
    {
        return new RestPayloadSource(static function (): int {
            return self::API_USER;
        });
    }

    /**
     * Serve a fixture the way WooCommerce's REST controller would: only for a user who may read orders.
     */
    private function serveOrder(string $fixture): array
    {
        $order = Fixtures::json($fixture);
        $refunds = $order['refunds_detail'] ?? [];
        unset($order['refunds_detail']);
        $id = $order['id'];
        \WpState::$orders[$id] = new \WC_Order($id, $order['status']);
        \WpState::$restRoutes['/wc/v3/orders/' . $id] = static function () use ($order): array {
            return \WpState::$currentUser === self::API_USER
                ? [200, $order]
                : [401, ['code' => 'woocommerce_rest_cannot_view', 'message' => 'Sorry, you cannot view this.']];
        };
        \WpState::$restRoutes['/wc/v3/orders/' . $id . '/refunds'] = static function ($request) use ($refunds): array {
            return \WpState::$currentUser === self::API_USER ? [200, $refunds] : [401, []];
        };
        return ['order' => $order, 'refunds' => $refunds];
    }

    /**
     * @return array<string,array{0:string}>
     */
    public function orderFixtures(): array
    {
        return [
            'two rates, coupon, fee, refund' => ['order-nl-two-rates-coupon-fee-refund.json'],
            'mixed VAT, flat rate, percent coupon' => ['order-01-nl-mixed-vat-flatrate-percent-coupon.json'],
            'DE B2B reverse charge' => ['order-06-de-b2b-reverse-charge.json'],
        ];
    }

    /**
     * @dataProvider orderFixtures
     */
    public function testOrderUpdatedCarriesTheRestV3OrderUnchanged(string $fixture): void
    {
        $served = $this->serveOrder($fixture);
        \WpState::$currentUser = 0; // Action Scheduler jobs have no current user.

        $data = $this->source()->build(Events::ORDER_UPDATED, (string) $served['order']['id']);

        $this->assertSame($served['order'], $data, 'the exact shape of GET /wc/v3/orders/<id>');
        foreach (['total', 'total_tax', 'shipping_total', 'discount_total', 'cart_tax'] as $field) {
            $this->assertIsString($data[$field], $field . ' stays a string');
        }
        $this->assertSame(0, \WpState::$currentUser, 'the previous (anonymous) user is restored');
        $this->assertSame([self::API_USER, 0], \WpState::$userSwitches);
    }

    public function testEnvelopeJsonKeepsEveryFieldOfTheFixture(): void
    {
        $served = $this->serveOrder('order-nl-two-rates-coupon-fee-refund.json');
        $data = $this->source()->build(Events::ORDER_UPDATED, '15');
        $json = \ExactSidecar\Http\SidecarClient::encodeJson(Events::envelope('e', 'order.updated', 't', '15', $data));
        $decoded = json_decode($json, true);
        $this->assertSame($served['order'], $decoded['data']);
        $this->assertSame('49.23', $decoded['data']['total']);
        $this->assertSame('welkom10', $decoded['data']['coupon_lines'][0]['code']);
        $this->assertSame(1, $decoded['data']['line_items'][0]['taxes'][0]['id']);
    }

    public function testOrderRefundedAddsRefundsDetail(): void
    {
        $served = $this->serveOrder('order-12-nl-partial-refund-line-and-shipping.json');
        $data = $this->source()->build(Events::ORDER_REFUNDED, '73');
        $this->assertSame($served['refunds'], $data['refunds_detail']);
        $this->assertSame('-4.50', $data['refunds_detail'][0]['shipping_lines'][0]['total']);
        $this->assertSame('30.39', $data['refunds_detail'][0]['amount']);
        $this->assertSame([self::API_USER, 0, self::API_USER, 0], \WpState::$userSwitches);
    }

    public function testOrderUpdatedHasNoRefundsDetail(): void
    {
        $this->serveOrder('order-12-nl-partial-refund-line-and-shipping.json');
        $this->assertArrayNotHasKey('refunds_detail', $this->source()->build(Events::ORDER_UPDATED, '73'));
    }

    public function testDeletedOrderHasNullData(): void
    {
        $this->assertNull($this->source()->build(Events::ORDER_DELETED, '15'));
    }

    public function testMissingOrderIsGone(): void
    {
        $this->expectException(EntityGoneException::class);
        $this->source()->build(Events::ORDER_UPDATED, '999');
    }

    public function testRestErrorIsAnErrorAndTheUserIsStillRestored(): void
    {
        \WpState::$orders[15] = new \WC_Order(15);
        \WpState::$currentUser = 3;
        \WpState::$restRoutes['/wc/v3/orders/15'] = static function (): array {
            return [403, ['code' => 'woocommerce_rest_cannot_view', 'message' => 'Sorry, you cannot view this.']];
        };
        try {
            $this->source()->build(Events::ORDER_UPDATED, '15');
            $this->fail('no exception');
        } catch (\RuntimeException $e) {
            $this->assertNotInstanceOf(EntityGoneException::class, $e);
            $this->assertStringContainsString('403', $e->getMessage());
        }
        $this->assertSame(3, \WpState::$currentUser);
    }

    public function testCustomerUsesTheCustomersRoute(): void
    {
        \WpState::$restRoutes['/wc/v3/customers/2'] = static function (): array {
            return [200, ['id' => 2, 'email' => 'jan@example.nl']];
        };
        $this->assertSame(
            ['id' => 2, 'email' => 'jan@example.nl'],
            $this->source()->build(Events::CUSTOMER_UPDATED, '2')
        );
    }

    public function testNonNumericIdIsGone(): void
    {
        $this->expectException(EntityGoneException::class);
        $this->source()->build(Events::ORDER_UPDATED, '15; DROP');
    }
}
