<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Payload;

use Magento\Framework\Exception\NoSuchEntityException;
use Magento\Framework\Webapi\ServiceOutputProcessor;
use Magento\Sales\Api\OrderRepositoryInterface;

/**
 * The order exactly as GET /rest/V1/orders/{id} returns it, built at delivery time.
 */
class OrderPayload
{
    /** @var OrderRepositoryInterface */
    private $orderRepository;

    /** @var ServiceOutputProcessor */
    private $outputProcessor;

    /**
     * @param OrderRepositoryInterface $orderRepository
     * @param ServiceOutputProcessor $outputProcessor
     */
    public function __construct(OrderRepositoryInterface $orderRepository, ServiceOutputProcessor $outputProcessor)
    {
        $this->orderRepository = $orderRepository;
        $this->outputProcessor = $outputProcessor;
    }

    /**
     * @param int $orderId
     * @return array<string, mixed>
     * @throws EntityGoneException when the order does not exist
     */
    public function build(int $orderId): array
    {
        try {
            $order = $this->orderRepository->get($orderId);
        } catch (NoSuchEntityException $e) {
            throw new EntityGoneException('Order ' . $orderId . ' no longer exists.', 0, $e);
        }
        $data = $this->outputProcessor->process($order, OrderRepositoryInterface::class, 'get');
        if (!is_array($data)) {
            throw new \UnexpectedValueException('The REST output of order ' . $orderId . ' is not an object.');
        }
        return $data;
    }
}
