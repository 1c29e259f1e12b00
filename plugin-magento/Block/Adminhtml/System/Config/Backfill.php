<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Block\Adminhtml\System\Config;

/**
 * Start an order-history import in the sidecar and show its progress.
 */
class Backfill extends AbstractAction
{
    /**
     * @inheritDoc
     */
    public function getActions(): array
    {
        return [
            [
                'label' => __('Start import'),
                'url' => $this->getUrl('exactsidecar/backfill/start'),
                'confirm' => __('Import all orders since this date into Exact Online?'),
            ],
        ];
    }

    /**
     * @inheritDoc
     */
    public function getInputs(): array
    {
        return ['since' => [(string) __('Orders since (YYYY-MM-DD)'), 'date']];
    }

    /**
     * @inheritDoc
     */
    public function getStatusUrl(): ?string
    {
        return $this->getUrl('exactsidecar/backfill/status');
    }

    /**
     * @inheritDoc
     */
    public function getPollSeconds(): int
    {
        return 10;
    }
}
