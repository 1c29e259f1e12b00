<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Admin;

use Magento\Integration\Api\IntegrationServiceInterface;
use Magento\Integration\Api\OauthServiceInterface;

/**
 * Reads the OAuth 1.0a credentials of the module's integration ("exact-sidecar", etc/integration/) so they can
 * be handed to the sidecar. Never logs them.
 */
class IntegrationCredentials
{
    public const INTEGRATION_NAME = 'exact-sidecar';
    public const STATUS_ACTIVE = 1;

    /** @var IntegrationServiceInterface */
    private $integrations;

    /** @var OauthServiceInterface */
    private $oauth;

    /**
     * @param IntegrationServiceInterface $integrations
     * @param OauthServiceInterface $oauth
     */
    public function __construct(IntegrationServiceInterface $integrations, OauthServiceInterface $oauth)
    {
        $this->integrations = $integrations;
        $this->oauth = $oauth;
    }

    /**
     * @return array<string, string> consumer_key, consumer_secret, access_token, access_token_secret
     * @throws \RuntimeException with a sentence for the admin when the integration is missing or inactive
     */
    public function get(): array
    {
        $integration = $this->integrations->findByName(self::INTEGRATION_NAME);
        if ($integration === null || !$integration->getId()) {
            throw new \RuntimeException(
                'The "exact-sidecar" integration does not exist; run bin/magento setup:upgrade, or create it under '
                . 'System > Extensions > Integrations with the resources listed in the module README.'
            );
        }
        if ((int) $integration->getStatus() !== self::STATUS_ACTIVE) {
            throw new \RuntimeException(
                'Activate the "exact-sidecar" integration under System > Extensions > Integrations first.'
            );
        }
        $consumerId = (int) $integration->getConsumerId();
        $consumer = $this->oauth->loadConsumer($consumerId);
        $token = $this->oauth->getAccessToken($consumerId);
        if (!$consumer || !$token || !$consumer->getKey() || !$token->getToken()) {
            throw new \RuntimeException('The integration has no access token yet; activate it (again) first.');
        }
        return [
            'consumer_key' => (string) $consumer->getKey(),
            'consumer_secret' => (string) $consumer->getSecret(),
            'access_token' => (string) $token->getToken(),
            'access_token_secret' => (string) $token->getSecret(),
        ];
    }
}
