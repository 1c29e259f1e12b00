<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Payload;

use Magento\Framework\Api\SearchCriteriaBuilder;
use Magento\Framework\Webapi\ServiceOutputProcessor;
use Magento\Sales\Api\CreditmemoRepositoryInterface;
use Magento\Sales\Api\Data\CreditmemoInterface;

/**
 * An order's refunded credit memos, each exactly as GET /rest/V1/creditmemos/{id} returns it, built at
 * delivery time for the order's `creditmemos` key.
 *
 * The sidecar credits a Magento refund only from these: the order's REST output has no credit memo lines.
 * It reads the same objects the sidecar would get from GET /V1/creditmemos?searchCriteria[...order_id...],
 * through the same service contract (CreditmemoRepositoryInterface::getList), so what the sidecar receives
 * is what Magento's REST API says.
 *
 * Only memos in state "refunded" are sent. A cancelled memo gave no money back. An open memo (an online
 * refund the payment gateway has not confirmed) has not either, yet: when it becomes refunded, its save
 * records a new order.refunded (the observer records every state change), which then carries it.
 * Memos are sorted by entity id in PHP, so the order does not depend on the database or on plugins that
 * change the collection's sort.
 */
class CreditmemoPayload
{
    /** Magento\Sales\Model\Order\Creditmemo::STATE_REFUNDED (STATE_OPEN is 1, STATE_CANCELED 3). */
    public const STATE_REFUNDED = 2;

    /** @var CreditmemoRepositoryInterface */
    private $creditmemoRepository;

    /** @var SearchCriteriaBuilder */
    private $searchCriteriaBuilder;

    /** @var ServiceOutputProcessor */
    private $outputProcessor;

    /**
     * @param CreditmemoRepositoryInterface $creditmemoRepository
     * @param SearchCriteriaBuilder $searchCriteriaBuilder
     * @param ServiceOutputProcessor $outputProcessor
     */
    public function __construct(
        CreditmemoRepositoryInterface $creditmemoRepository,
        SearchCriteriaBuilder $searchCriteriaBuilder,
        ServiceOutputProcessor $outputProcessor
    ) {
        $this->creditmemoRepository = $creditmemoRepository;
        $this->searchCriteriaBuilder = $searchCriteriaBuilder;
        $this->outputProcessor = $outputProcessor;
    }

    /**
     * @param int $orderId
     * @return array<int, array<string, mixed>> the refunded memos' REST objects by ascending entity id
     * @throws \UnexpectedValueException when a memo's REST output is not an object
     */
    public function build(int $orderId): array
    {
        // The builder is shared (Magento DI): create() is called right away, which also empties it.
        $criteria = $this->searchCriteriaBuilder
            ->addFilter(CreditmemoInterface::ORDER_ID, $orderId)
            ->addFilter(CreditmemoInterface::STATE, self::STATE_REFUNDED)
            ->create();
        $memos = [];
        foreach ($this->creditmemoRepository->getList($criteria)->getItems() as $memo) {
            if (!$memo instanceof CreditmemoInterface) {
                continue;
            }
            // Checked again here: the sidecar must never credit a cancelled memo or another order's.
            if ((int) $memo->getState() !== self::STATE_REFUNDED || (int) $memo->getOrderId() !== $orderId) {
                continue;
            }
            $memos[(int) $memo->getEntityId()] = $memo;
        }
        ksort($memos, SORT_NUMERIC);
        $out = [];
        foreach ($memos as $id => $memo) {
            $data = $this->outputProcessor->process($memo, CreditmemoRepositoryInterface::class, 'get');
            if (!is_array($data)) {
                throw new \UnexpectedValueException(
                    'The REST output of credit memo ' . $id . ' of order ' . $orderId . ' is not an object.'
                );
            }
            $out[] = $data;
        }
        return $out;
    }
}
