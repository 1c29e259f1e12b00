<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Model\Admin;

use ExactSidecar\Connector\Model\Admin\MappingOptions;
use ExactSidecar\Connector\Model\Admin\SidecarAdmin;
use ExactSidecar\Connector\Test\Support\FakeTransport;
use ExactSidecar\Connector\Test\Support\Kit;
use Magento\Framework\Api\SearchCriteriaBuilder;
use Magento\Framework\Api\SearchCriteriaInterface;
use Magento\Framework\DataObject;
use Magento\Payment\Api\PaymentMethodListInterface;
use Magento\Tax\Api\TaxRateRepositoryInterface;
use PHPUnit\Framework\TestCase;

class MappingOptionsTest extends TestCase
{
    /** @var Kit */
    private $kit;

    /** @var MappingOptions */
    private $options;

    protected function setUp(): void
    {
        $this->kit = new Kit();
        $taxRates = $this->createStub(TaxRateRepositoryInterface::class);
        $taxRates->method('getList')->willReturnCallback(static function (SearchCriteriaInterface $criteria) {
            return new DataObject(['items' => [
                new DataObject(['code' => 'NL-21', 'rate' => '21.0000']),
                new DataObject(['code' => 'NL-9', 'rate' => '9.0000']),
            ]]);
        });
        $payments = $this->createStub(PaymentMethodListInterface::class);
        $payments->method('getList')->willReturn([
            new DataObject(['code' => 'checkmo', 'title' => 'Check / Money order']),
            new DataObject(['code' => 'banktransfer', 'title' => 'Bank Transfer Payment']),
        ]);
        $this->kit->scopeConfig->values['carriers'] = [
            'flatrate' => ['title' => 'Flat Rate', 'active' => '1'],
            'tablerate' => ['title' => 'Best Way'],
        ];
        $this->options = new MappingOptions(
            new SidecarAdmin($this->kit->client),
            $taxRates,
            $payments,
            new SearchCriteriaBuilder(),
            $this->kit->scopeConfig
        );
    }

    public function testMagentoChoices(): void
    {
        $this->assertSame(['NL-9' => 'NL-9 (9.0000%)', 'NL-21' => 'NL-21 (21.0000%)'], $this->options->magento('vat'));
        $this->assertSame([
            'banktransfer' => 'Bank Transfer Payment (banktransfer)',
            'checkmo' => 'Check / Money order (checkmo)',
        ], $this->options->magento('payment'));
        $this->assertSame(
            ['tablerate' => 'Best Way (tablerate)', 'flatrate' => 'Flat Rate (flatrate)'],
            $this->options->magento('shipping')
        );
    }

    public function testExactChoicesAreFetchedOnceAndTolerateBothShapes(): void
    {
        $this->kit->transport->queue[] = FakeTransport::json(200, [
            'vat_codes' => [['code' => '2', 'description' => 'BTW 21%'], ['code' => '', 'description' => 'skip']],
            'journals' => [['id' => '20', 'name' => 'Bank']],
        ]);
        $this->assertSame(['2' => '2 – BTW 21%'], $this->options->exact('vat'));
        $this->assertSame(['20' => '20 – Bank'], $this->options->exact('payment'));
        $this->assertNull($this->options->exact('shipping'), 'a missing list means text inputs');
        $this->assertCount(1, $this->kit->transport->requests);
        $this->assertNull($this->options->exactProblem());
    }

    public function testUnreachableSidecarFallsBackToTextInputs(): void
    {
        $this->assertNull($this->options->exact('vat'));
        $this->assertStringContainsString('Cannot reach the sidecar', (string) $this->options->exactProblem());
    }

    public function testUnknownKindIsRefused(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        $this->options->magento('discount');
    }
}
