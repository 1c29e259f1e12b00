<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Controller\Adminhtml\Settings;

use ExactSidecar\Connector\Controller\Adminhtml\AbstractJson;
use ExactSidecar\Connector\Model\Admin\MappingOptions;
use ExactSidecar\Connector\Model\Admin\SidecarAdmin;
use ExactSidecar\Connector\Model\Settings\ProposalStore;
use Magento\Backend\App\Action\Context;
use Magento\Framework\Controller\Result\JsonFactory;

/**
 * POST exactsidecar/settings/propose: asks the sidecar to propose every empty mapping from the shop's lists and
 * keeps the proposal for the next view of the configuration page (the browser reloads it); nothing is saved.
 */
class Propose extends AbstractJson
{
    public const ADMIN_RESOURCE = 'ExactSidecar_Connector::config';

    /** @var SidecarAdmin */
    private $admin;

    /** @var MappingOptions */
    private $options;

    /** @var ProposalStore */
    private $proposals;

    /**
     * @param Context $context
     * @param JsonFactory $jsonFactory
     * @param SidecarAdmin $admin
     * @param MappingOptions $options
     * @param ProposalStore $proposals
     */
    public function __construct(
        Context $context,
        JsonFactory $jsonFactory,
        SidecarAdmin $admin,
        MappingOptions $options,
        ProposalStore $proposals
    ) {
        $this->admin = $admin;
        $this->options = $options;
        $this->proposals = $proposals;
        parent::__construct($context, $jsonFactory);
    }

    /**
     * @return \Magento\Framework\Controller\Result\Json
     */
    public function execute()
    {
        $result = $this->admin->proposeSettings($this->options->proposalLists());
        if ($result->ok) {
            $this->proposals->keep($result->data);
        }
        return $this->respond($result);
    }
}
