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
                new DataObject(['code' => 'NL-21', 'rate' => '21.0000', 'tax_country_id' => 'NL']),
                new DataObject(['code' => 'NL-9', 'rate' => '9.0000', 'tax_country_id' => 'NL']),
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

    public function testTheProposalGetsTheShopsRatesMethodsAndCountry(): void
    {
        $this->kit->scopeConfig->values['general/country/default'] = 'NL';
        $lists = $this->options->proposalLists();
        $this->assertSame(
            ['id' => 'NL-21', 'country' => 'NL', 'percent' => 21.0, 'name' => 'NL-21'],
            $lists['tax_rates'][0]
        );
        $this->assertSame(['id' => 'banktransfer', 'title' => 'Bank Transfer Payment'], $lists['payment_methods'][0]);
        $this->assertSame(['id' => 'tablerate', 'title' => 'Best Way'], $lists['shipping_methods'][0]);
        $this->assertSame('NL', $lists['home_country']);
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

    public function testExactChoicesAreFetchedOnceByCodeAndDescription(): void
    {
        $this->kit->transport->queue[] = FakeTransport::json(200, [
            'division' => 123456,
            'divisions' => [['Code' => 123456, 'Description' => 'Demo BV']],
            'vat_codes' => [
                ['ID' => 'a1', 'Code' => '21 ', 'Description' => 'BTW hoog', 'Percentage' => 0.21, 'Type' => 'E',
                    'VATTransactionType' => 'S'],
                ['ID' => 'a2', 'Code' => '  ', 'Description' => 'blank code'],
                ['ID' => 'a3', 'Description' => 'no code'],
                ['code' => '2', 'description' => 'not the sidecar\'s shape'],
                ['ID' => 'a4', 'Code' => '0', 'Description' => ''],
            ],
            'journals' => [
                ['ID' => 'j1', 'Code' => '  70', 'Description' => 'Verkoopboek', 'Type' => 20],
                ['ID' => 'j2', 'Code' => '  20', 'Description' => 'Bank', 'Type' => 12],
                ['ID' => 'j3', 'Code' => '  10', 'Description' => 'Kas', 'Type' => 10],
                ['ID' => 'j4', 'Code' => '  90', 'Description' => 'Memoriaal', 'Type' => 90],
            ],
            'payment_conditions' => [['ID' => 'p1', 'Code' => '14', 'Description' => '14 dagen']],
            'shipping_methods' => [
                ['ID' => 's1', 'Code' => 'POST', 'Description' => 'PostNL', 'Active' => true],
                ['ID' => 's2', 'Code' => 'OLD', 'Description' => 'Oude vervoerder', 'Active' => false],
            ],
            'warehouses' => [['ID' => 'w1', 'Code' => '1', 'Description' => 'Hoofdmagazijn']],
        ]);
        $this->assertSame(['21' => '21 – BTW hoog', '0' => '0'], $this->options->exact('vat'));
        $this->assertSame(['14' => '14 – 14 dagen'], $this->options->exact('payment'));
        $this->assertSame(['20' => '20 – Bank', '10' => '10 – Kas'], $this->options->exact('payment_journal'));
        $this->assertSame(['70' => '70 – Verkoopboek'], $this->options->exact('journal'));
        $this->assertSame(['POST' => 'POST – PostNL'], $this->options->exact('shipping'), 'inactive ones are left out');
        $this->assertSame(['1' => '1 – Hoofdmagazijn'], $this->options->exact('warehouse'));
        $this->assertSame(
            [['value' => '', 'label' => '-- Choose --'], ['value' => '1', 'label' => '1 – Hoofdmagazijn']],
            $this->options->selectOptions('warehouse', '-- Choose --')
        );
        $this->assertCount(1, $this->kit->transport->requests);
        $this->assertNull($this->options->exactProblem());
        $this->assertSame(
            ['5' => '5 – Untyped'],
            MappingOptions::choices([['Code' => '5', 'Description' => 'Untyped']], [20]),
            'journals without a type are all offered'
        );
    }

    public function testAMissingListMeansTextInputs(): void
    {
        $this->kit->transport->queue[] = FakeTransport::json(200, ['vat_codes' => []]);
        $this->assertSame([], $this->options->exact('vat'));
        $this->assertNull($this->options->exact('shipping'));
        $this->assertSame([['value' => '', 'label' => '-']], $this->options->selectOptions('journal', '-'));
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
