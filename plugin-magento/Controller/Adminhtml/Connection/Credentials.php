<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Controller\Adminhtml\Connection;

use ExactSidecar\Connector\Controller\Adminhtml\AbstractJson;
use ExactSidecar\Connector\Model\Admin\AdminResult;
use ExactSidecar\Connector\Model\Admin\IntegrationCredentials;
use ExactSidecar\Connector\Model\Admin\SidecarAdmin;
use Magento\Backend\App\Action\Context;
use Magento\Framework\Controller\Result\JsonFactory;

/**
 * POST exactsidecar/connection/credentials: hands the integration's tokens to the sidecar.
 */
class Credentials extends AbstractJson
{
    public const ADMIN_RESOURCE = 'ExactSidecar_Connector::config';

    /** @var SidecarAdmin */
    private $admin;

    /** @var IntegrationCredentials */
    private $credentials;

    /**
     * @param Context $context
     * @param JsonFactory $jsonFactory
     * @param SidecarAdmin $admin
     * @param IntegrationCredentials $credentials
     */
    public function __construct(
        Context $context,
        JsonFactory $jsonFactory,
        SidecarAdmin $admin,
        IntegrationCredentials $credentials
    ) {
        $this->admin = $admin;
        $this->credentials = $credentials;
        parent::__construct($context, $jsonFactory);
    }

    /**
     * @return \Magento\Framework\Controller\Result\Json
     */
    public function execute()
    {
        try {
            $tokens = $this->credentials->get();
        } catch (\RuntimeException $e) {
            return $this->respond(new AdminResult(false, $e->getMessage()));
        }
        return $this->respond($this->admin->sendCredentials($tokens));
    }
}
