<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Block\Adminhtml\System\Config;

use ExactSidecar\Connector\Model\Outbox\OutboxStoreInterface;
use Magento\Backend\Block\Template\Context;

/**
 * Outbox counts, a warning when events are dead, and "Requeue dead events".
 */
class OutboxStatus extends AbstractAction
{
    /** @var OutboxStoreInterface */
    private $store;

    /**
     * @param Context $context
     * @param OutboxStoreInterface $store
     * @param array<string, mixed> $data
     */
    public function __construct(Context $context, OutboxStoreInterface $store, array $data = [])
    {
        $this->store = $store;
        parent::__construct($context, $data);
    }

    /**
     * @inheritDoc
     */
    public function getActions(): array
    {
        return [
            [
                'label' => __('Requeue dead events'),
                'url' => $this->getUrl('exactsidecar/outbox/requeue'),
            ],
        ];
    }

    /**
     * @inheritDoc
     */
    public function getIntroHtml(): string
    {
        try {
            $counts = $this->store->countByStatus();
        } catch (\Throwable $e) {
            return '<p>' . $this->escapeHtml(__('The outbox table cannot be read: %1', $e->getMessage())) . '</p>';
        }
        $html = '<p>' . $this->escapeHtml(__(
            'Waiting: %1, delivered: %2, dead: %3.',
            $counts[OutboxStoreInterface::STATUS_PENDING] ?? 0,
            $counts[OutboxStoreInterface::STATUS_DELIVERED] ?? 0,
            $counts[OutboxStoreInterface::STATUS_DEAD] ?? 0
        )) . '</p>';
        if (($counts[OutboxStoreInterface::STATUS_DEAD] ?? 0) > 0) {
            $html .= '<div class="message message-warning"><div>' . $this->escapeHtml(__(
                'Some events were refused by the sidecar. See bin/magento exact-sidecar:outbox:inspect --status=dead,'
                . ' fix the cause, then requeue them.'
            )) . '</div></div>';
        }
        return $html;
    }
}
