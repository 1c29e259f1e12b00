<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use ExactSidecar\Connector\Model\Clock\ClockInterface;
use ExactSidecar\Connector\Model\Config;
use ExactSidecar\Connector\Model\Outbox\Backoff;
use ExactSidecar\Connector\Model\Outbox\Drain;
use ExactSidecar\Connector\Model\Outbox\IdempotencyKey;
use ExactSidecar\Connector\Model\Outbox\Recorder;
use ExactSidecar\Connector\Model\Payload\CreditmemoPayload;
use ExactSidecar\Connector\Model\Payload\CustomerPayload;
use ExactSidecar\Connector\Model\Payload\EventBuilder;
use ExactSidecar\Connector\Model\Payload\OrderPayload;
use ExactSidecar\Connector\Model\Sidecar\Client;
use ExactSidecar\Connector\Model\Signing;
use ExactSidecar\Connector\Model\Http\TransportInterface;
use Magento\Framework\Api\SearchCriteriaBuilder;
use Magento\Framework\Webapi\ServiceOutputProcessor;

/**
 * Wires the module's real classes with the stand-ins, as Magento's di.xml would.
 */
class Kit
{
    /** @var ArrayScopeConfig */
    public $scopeConfig;

    /** @var FakeEncryptor */
    public $encryptor;

    /** @var Config */
    public $config;

    /** @var FixedClock */
    public $clock;

    /** @var TransportInterface */
    public $transport;

    /** @var MemoryOutboxStore */
    public $store;

    /** @var RecordingLogger */
    public $logger;

    /** @var FakeOrderRepository */
    public $orders;

    /** @var FakeCustomerRepository */
    public $customers;

    /** @var FakeCreditmemoRepository */
    public $creditmemos;

    /** @var ServiceOutputProcessor */
    public $outputProcessor;

    /** @var Client */
    public $client;

    /** @var Recorder */
    public $recorder;

    /** @var EventBuilder */
    public $eventBuilder;

    /** @var Drain */
    public $drain;

    /**
     * @param string $url
     * @param string $shopId
     * @param string $secret
     * @param TransportInterface|null $transport FakeTransport when null
     * @param ClockInterface|null $clock
     */
    public function __construct(
        string $url = 'https://sidecar.example.test',
        string $shopId = 'shp_demo01',
        string $secret = 's3cr3t-Key_for-tests-only-0123456789abcdef',
        ?TransportInterface $transport = null,
        ?ClockInterface $clock = null
    ) {
        $this->encryptor = new FakeEncryptor();
        $this->scopeConfig = new ArrayScopeConfig([
            Config::XML_PATH_ENABLED => '1',
            Config::XML_PATH_SIDECAR_URL => $url,
            Config::XML_PATH_SHOP_ID => $shopId,
            Config::XML_PATH_SECRET => $this->encryptor->encrypt($secret),
            Config::XML_PATH_BATCH_SIZE => '50',
            Config::XML_PATH_KEEP_DAYS => '7',
            Config::XML_PATH_ALLOWED_STATUSES => 'processing,complete,exact_posted',
        ]);
        $this->config = new Config($this->scopeConfig, $this->encryptor);
        $this->clock = $clock ?? new FixedClock();
        $this->transport = $transport ?? new FakeTransport();
        $this->store = new MemoryOutboxStore();
        $this->logger = new RecordingLogger();
        $this->orders = new FakeOrderRepository();
        $this->customers = new FakeCustomerRepository();
        $this->creditmemos = new FakeCreditmemoRepository();
        $this->outputProcessor = new ServiceOutputProcessor();
        $this->client = new Client($this->config, $this->transport, new Signing(), $this->clock);
        $this->recorder = new Recorder($this->store, new IdempotencyKey(), $this->clock, $this->logger);
        $this->eventBuilder = new EventBuilder(
            new OrderPayload($this->orders, $this->outputProcessor),
            new CustomerPayload($this->customers, $this->outputProcessor),
            new CreditmemoPayload($this->creditmemos, new SearchCriteriaBuilder(), $this->outputProcessor)
        );
        $this->drain = new Drain(
            $this->store,
            $this->eventBuilder,
            $this->client,
            new Backoff(),
            $this->clock,
            $this->config,
            $this->logger
        );
    }

    /**
     * The fixture order (GET /V1/orders/1234) as a model double, optionally with another entity id.
     *
     * @param int|null $entityId
     * @return FakeOrder
     */
    public static function fixtureOrder(?int $entityId = null): FakeOrder
    {
        $data = json_decode((string) file_get_contents(self::fixturePath('order-nl-configurable.json')), true);
        if ($entityId !== null) {
            $data['entity_id'] = $entityId;
        }
        return new FakeOrder($data, $data);
    }

    /**
     * The fixture credit memo of order 1234 (an item of GET /V1/creditmemos?searchCriteria[...order_id...]) as
     * a model double, optionally with other ids and state.
     *
     * @param array<string, mixed> $override e.g. ['entity_id' => 78, 'state' => 3]
     * @return FakeCreditmemo
     */
    public static function fixtureCreditmemo(array $override = []): FakeCreditmemo
    {
        $list = json_decode((string) file_get_contents(self::fixturePath('creditmemos-order-1234.json')), true);
        $data = array_merge($list['items'][0], $override);
        return new FakeCreditmemo($data, $data);
    }

    /**
     * @param string $name
     * @return string
     */
    public static function fixturePath(string $name): string
    {
        return dirname(__DIR__) . '/fixtures/' . $name;
    }
}
