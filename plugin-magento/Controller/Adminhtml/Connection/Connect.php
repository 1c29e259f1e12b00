<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Controller\Adminhtml\Connection;

use ExactSidecar\Connector\Controller\Adminhtml\AbstractJson;
use ExactSidecar\Connector\Model\Admin\SidecarAdmin;
use Magento\Backend\App\Action\Context;
use Magento\Framework\Controller\Result\JsonFactory;

/**
 * POST exactsidecar/connection/connect: answers data.authorize_url; after Exact's consent the sidecar
 * sends the admin back to this configuration page.
 */
class Connect extends AbstractJson
{
    public const ADMIN_RESOURCE = 'ExactSidecar_Connector::config';

    /** @var SidecarAdmin */
    private $admin;

    /**
     * @param Context $context
     * @param JsonFactory $jsonFactory
     * @param SidecarAdmin $admin
     */
    public function __construct(Context $context, JsonFactory $jsonFactory, SidecarAdmin $admin)
    {
        $this->admin = $admin;
        parent::__construct($context, $jsonFactory);
    }

    /**
     * @return \Magento\Framework\Controller\Result\Json
     */
    public function execute()
    {
        $returnUrl = $this->getUrl('adminhtml/system_config/edit', ['section' => 'exact_sidecar']);
        $region = (string) $this->getRequest()->getParam('region', 'nl');
        return $this->respond($this->admin->connect($returnUrl, $region));
    }
}
