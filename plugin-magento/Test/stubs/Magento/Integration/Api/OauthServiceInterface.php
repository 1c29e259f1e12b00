<?php

declare(strict_types=1);

namespace Magento\Integration\Api;

/**
 * Stand-in of app/code/Magento/Integration/Api/OauthServiceInterface.php (loadConsumer, getAccessToken).
 */
interface OauthServiceInterface
{
    /**
     * @param int $consumerId
     * @return \Magento\Integration\Model\Oauth\Consumer
     */
    public function loadConsumer($consumerId);

    /**
     * @param int $consumerId
     * @return \Magento\Integration\Model\Oauth\Token|bool
     */
    public function getAccessToken($consumerId);
}
