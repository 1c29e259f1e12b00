<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Block\Adminhtml\System\Config;

use ExactSidecar\Connector\Model\Admin\SidecarAdmin;

/**
 * Exact Online connection status, with Connect (redirects to Exact's consent page) and Disconnect.
 */
class ExactConnection extends AbstractAction
{
    /**
     * @inheritDoc
     */
    public function getActions(): array
    {
        return [
            [
                'label' => __('Connect to Exact Online'),
                'url' => $this->getUrl('exactsidecar/connection/connect'),
                'redirect' => true,
            ],
            [
                'label' => __('Disconnect'),
                'url' => $this->getUrl('exactsidecar/connection/disconnect'),
                'confirm' => __('Disconnect Exact Online? Orders are no longer posted until you connect again.'),
            ],
        ];
    }

    /**
     * @inheritDoc
     */
    public function getInputs(): array
    {
        return ['region' => [__('Exact Online country'), 'select', SidecarAdmin::REGIONS]];
    }

    /**
     * @inheritDoc
     */
    public function getStatusUrl(): ?string
    {
        return $this->getUrl('exactsidecar/connection/test');
    }
}
