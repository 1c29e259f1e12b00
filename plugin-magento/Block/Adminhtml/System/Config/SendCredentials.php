<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Block\Adminhtml\System\Config;

/**
 * Hands the activated integration's OAuth tokens to the sidecar (POST /api/v1/shop/credentials).
 */
class SendCredentials extends AbstractAction
{
    /**
     * @inheritDoc
     */
    public function getActions(): array
    {
        return [
            [
                'label' => __('Send credentials to the sidecar'),
                'url' => $this->getUrl('exactsidecar/connection/credentials'),
            ],
        ];
    }
}
